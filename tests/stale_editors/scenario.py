"""What a stale-editor case is (``Edit`` makes a ``Scenario``), and the scenarios pages and the API share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db import models
from django.urls import reverse

from actions import services as action_services
from actions.models import Action, ActionUpdate
from cases.models import Meeting
from marac.models import User
from tests.stale_editors.place import Place


@dataclass
class Scenario:
    """One edit made ready: where the editors read the version and where they send the change."""

    read_url: str
    write_url: str
    editors: tuple[User, User]
    body: Callable[[str], dict[str, Any]]  # the change that makes ``value`` the stored value
    stored: Callable[[], str]  # the value stored now
    first: str  # the first editor's value
    second: str  # the stale editor's value
    token_field: str = "version"  # the hidden field that carries the version (pages)
    typed_kept: bool = True  # the stale editor's value is shown back to them (a page with text to keep)


@dataclass(frozen=True)
class Edit:
    name: str
    model: type[models.Model]  # whose version (or state) the edit carries
    route: str  # the URL name the change is sent to
    make: Callable[[Place], Scenario]
    marks: tuple[Any, ...] = field(default=())


def params(edits: list[Edit]) -> list[Any]:
    return [pytest.param(edit, id=edit.name, marks=edit.marks) for edit in edits]


def circulating(p: Place, read: str, write: str) -> Scenario:
    """Circulating the agenda, read from ``read`` and sent to ``write`` (the page's or the API's)."""
    meeting = p.meeting_with_cases(0)
    return Scenario(
        read_url=reverse(read, args=[meeting.pk]),
        write_url=reverse(write, args=[meeting.pk]),
        editors=(p.coordinator, p.chair),
        body=lambda value: {},
        stored=lambda: str(Meeting.objects.get(pk=meeting.pk).circulated_by_id),
        first=str(p.coordinator.pk),
        second=str(p.chair.pk),
        typed_kept=False,
    )


def new_action(p: Place) -> Action:
    meeting = p.circulated()
    item = meeting.items.get()
    return action_services.action_create(
        user=p.coordinator,
        case=item.case,
        item=item,
        description="Arrest for breach of bail conditions",
        owner_agency=p.police,
        focus="perpetrator",
        due_date=item.meeting.date + timedelta(days=7),
    )


def last_note(action: Action) -> str:
    return ActionUpdate.objects.filter(action=action).order_by("-pk").values_list("note", flat=True)[0]
