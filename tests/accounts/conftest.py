"""Fixtures for the account tests: invitations sent through the outbox, and their links."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail

from marac.accounts import services
from marac.accounts.models import Invitation
from marac.models import Role, User
from marac.outbox import sender
from tests.referral_helpers import Cast

LINK = re.compile(r"/account/invitation/([\w-]+)/")


def last_link() -> str:
    """The path of the link in the newest email sent."""
    match = LINK.search(mail.outbox[-1].body)
    assert match is not None
    return match.group(0)


@pytest.fixture
def invite(cast: Cast) -> Callable[..., Invitation]:
    """invite(email=..., role=..., actor=...) -> an invitation to the cast's agency and area (not yet sent)."""

    def make(
        email: str = "new.person@agency.test", role: str = Role.PRACTITIONER, actor: User | None = None
    ) -> Invitation:
        return services.invite_user(
            actor=actor or cast.representative,
            email=email,
            full_name="Robin Example",
            job_title="Support worker",
            agency=cast.agency,
            area=cast.area,
            role=role,
        )

    return make


@pytest.fixture
def sent_link(invite: Callable[..., Invitation]) -> Callable[..., str]:
    """sent_link(**invite_kwargs) -> the path of a freshly sent invitation link."""

    def make(**kwargs: object) -> str:
        invite(**kwargs)
        assert sender.send_due().sent == 1
        return last_link()

    return make
