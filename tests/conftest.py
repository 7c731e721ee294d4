"""Shared fixtures. Tests run against real PostgreSQL and Redis (embedded by
default, see marac/settings/test.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from marac.models import Membership, Role, User
from tests.factories import MaracAreaFactory, MembershipFactory, TOTPDeviceFactory, UserFactory
from tests.referral_helpers import Cast, make_cast


@pytest.fixture(autouse=True)
def _no_demo(settings: pytest.FixtureRequest) -> None:
    """Tests run outside the demo profile unless they opt in."""
    settings.MARAC_DEMO = False  # type: ignore[attr-defined]


@pytest.fixture
def area() -> object:
    return MaracAreaFactory()


@pytest.fixture
def make_member(db: None) -> Callable[..., User]:
    """make_member(role, area=..., agency=...) -> a user holding that role."""

    def make(role: str = Role.REPRESENTATIVE, area: object = None, **user_fields: object) -> User:
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, area=area or MaracAreaFactory(), role=role)
        return user

    return make


def sign_in_verified(client: Client, user: User) -> Client:
    """Sign a client in as ``user`` having passed two-factor authentication."""
    device = user.totpdevice_set.filter(confirmed=True).first() or TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client(client: Client) -> Callable[[User], Client]:
    return lambda user: sign_in_verified(client, user)


@pytest.fixture
def coordinator(make_member: Callable[..., User], area: object) -> User:
    return make_member(Role.COORDINATOR, area=area)


@pytest.fixture
def administrator(db: None, area: object) -> User:
    user = UserFactory(is_staff=True, is_superuser=True)
    Membership.objects.create(user=user, area=area, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def cast(db: None) -> Cast:
    """A MARAC area with a practitioner and a representative of one agency, and its coordinator."""
    return make_cast()


@pytest.fixture
def other(db: None) -> Cast:
    """Another MARAC area and its people, as ``cast``."""
    return make_cast()
