"""No page shows one of Django's default error messages ("This field is required.", "Ensure this value is
greater than or equal to 0."): every form in the project is found (the subclasses of django.forms.BaseForm in
the apps' forms modules), given deliberately bad data (blank, too long, out of range, not a number, an invalid
choice), and the messages it renders are checked against every default message Django's fields and validators
carry. A new form must be given its keyword arguments here (``KWARGS``) or the discovery test fails."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms
from django.core import validators
from django.forms import fields as django_fields
from django.http import QueryDict

from cases.models import GrantKind, Meeting
from marac.accounts.models import Invitation
from marac.accounts.selectors import Scope
from marac.models import Agency, MaracArea, User
from tests.builders.meetings import next_meeting
from tests.factories import AgencyFactory, MaracAreaFactory, UserFactory

pytestmark = pytest.mark.django_db

PACKAGES = ("marac", "cases", "ppmt", "actions", "governance", "web")
# Bases and mixins: no fields of their own, never shown as they are.
ABSTRACT = {"GovukFormMixin", "ReferralForm", "PersonForm", "LanguageCheckMixin"}


def _forms_modules() -> Iterator[str]:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if info.name.endswith((".forms", ".form")) or ".forms." in info.name:
                yield info.name


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type[forms.BaseForm]]:
    for name in _forms_modules():
        importlib.import_module(name)
    found = {c for c in _subclasses(forms.BaseForm) if c.__module__.split(".")[0] in PACKAGES}
    return sorted((c for c in found if c.__name__ not in ABSTRACT), key=lambda c: (c.__module__, c.__name__))


def _default_patterns() -> list[re.Pattern[str]]:
    """Django's default messages, from its form fields and validators, as patterns (placeholders match anything)."""
    texts: set[str] = set()
    for value in [*vars(django_fields).values(), *vars(forms.models).values(), *vars(validators).values()]:
        if not isinstance(value, type):
            continue
        for cls in value.__mro__:
            texts.update(str(m) for m in (getattr(cls, "default_error_messages", None) or {}).values())
        message = getattr(value, "message", None)
        if message is not None:
            texts.add(str(message) or str(message % {"limit_value": 2, "show_value": 3}))
    texts.discard("")
    patterns = []
    for text in texts:
        parts = re.split(r"%\(\w+\)[sdr]|\{\w+\}|\d+", text)
        patterns.append(re.compile(r".*?".join(re.escape(part) for part in parts)))
    return patterns


DEFAULTS = _default_patterns()


def test_the_default_messages_are_known() -> None:
    """The check would pass for nothing if the defaults were not collected."""
    assert len(DEFAULTS) > 25
    for known in ("This field is required.", "Ensure this value is greater than or equal to 0.", "Enter a number."):
        assert any(p.search(known) for p in DEFAULTS), known
    assert any(p.search("Ensure this value has at most 200 characters (it has 201).") for p in DEFAULTS)


class World:
    def __init__(self) -> None:
        self.area: MaracArea = MaracAreaFactory()
        self.agency: Agency = AgencyFactory()
        self.user: User = UserFactory(agency=self.agency)
        self.meeting: Meeting = next_meeting(self.area)


# Each form's keyword arguments, by module and class name.
KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "actions.forms.ActionEditForm": lambda w: {"agencies": Agency.objects.all()},
    "actions.forms.ActionForm": lambda w: {"agencies": Agency.objects.all()},
    "cases.caselist.forms.CaseListForm": lambda w: {"areas": [w.area], "meetings": Meeting.objects.all()},
    "cases.forms.TransferForm": lambda w: {"current_area": w.area},
    "cases.grants.forms.NameWorkerForm": lambda w: {"kind": next(iter(GrantKind)), "workers": User.objects.all()},
    "cases.meetings.attendance.forms.AttendanceForm": lambda w: {"agencies": [w.agency], "items": [], "existing": {}},
    "cases.meetings.forms.AgendaItemForm": lambda w: {"meeting": w.meeting},
    "cases.meetings.forms.AgendaRescheduleForm": lambda w: {"meetings": Meeting.objects.all()},
    "cases.meetings.forms.ExtraMeetingForm": lambda w: {"areas": MaracArea.objects.all()},
    "cases.meetings.forms.InviteForm": lambda w: {"agencies": Agency.objects.all()},
    "cases.meetings.forms.MeetingLinkForm": lambda w: {"meetings": Meeting.objects.all()},
    "cases.meetings.schedule_changes.forms.CancelMeetingForm": lambda w: {"meetings": Meeting.objects.all()},
    "cases.meetings.live.forms.SharedInformationForm": lambda w: {"agencies": Agency.objects.all()},
    "cases.meetings.live.interim.forms.InterimForm": lambda w: {"agencies": Agency.objects.all()},
    "cases.needs.forms.NeedForm": lambda w: {"versions": {}},
    "cases.meetings.minutes.forms.MinutesForm": lambda w: {"cases": []},
    "cases.referrals.checklists.form.ChecklistForm": lambda w: {
        "questions": [{"id": "q1", "number": 1, "text": "A question"}],
        "answer_choices": [("yes", "Yes"), ("no", "No")],
    },
    "cases.referrals.forms.StartReferralForm": lambda w: {"areas": MaracArea.objects.all()},
    "marac.accounts.forms.AccountReviewForm": lambda w: {"accounts": [w.user]},
    "marac.accounts.forms.FirstPasswordForm": lambda w: {
        "invitation": Invitation(email="new@example.org", full_name="New Colleague")
    },
    "marac.accounts.forms.InviteForm": lambda w: {
        "scope": Scope(admin_area_ids=None, representative_area_ids=[], agency_id=None)
    },
    "marac.forms.AuditFilterForm": lambda w: {"areas": MaracArea.objects.all()},
    "ppmt.forms.ResearchEntryForm": lambda w: {"agencies": Agency.objects.all()},
    "ppmt.tracker.forms.RemindForm": lambda w: {"agencies": Agency.objects.all()},
    "ppmt.tracker.forms.TrackerFilterForm": lambda w: {"agencies": Agency.objects.all()},
}


def _name(form_class: type) -> str:
    return f"{form_class.__module__}.{form_class.__name__}"


FORMS = project_forms()


def _kwargs(form_class: type, world: World) -> dict[str, Any]:
    """The keyword arguments of the form, or of the nearest base class named in ``KWARGS``."""
    for cls in form_class.__mro__:
        if _name(cls) in KWARGS:
            return KWARGS[_name(cls)](world)
    return {}


def test_every_form_is_found_and_can_be_made() -> None:
    """The discovery finds the forms, and each can be made (a new one that needs arguments must be given
    them above)."""
    assert len(FORMS) > 40
    world = World()
    needing = []
    for form_class in FORMS:
        try:
            form_class(QueryDict(), **_kwargs(form_class, world))
        except TypeError:
            needing.append(_name(form_class))
    assert needing == []
    assert set(KWARGS) <= {_name(c) for c in FORMS}, "a form named here no longer exists"


def _bad_value(field: forms.Field, kind: str) -> Any:
    """A value that ``field`` must refuse, of the ``kind`` asked for."""
    if kind == "blank":
        return ""
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        if kind == "wrong":
            return "not a number"
        if field.max_value is not None:
            return str(field.max_value + 1)
        return str(field.min_value - 1) if field.min_value is not None else "1e400"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "not-one-of-the-choices" if kind == "wrong" else "0"
    if isinstance(field, forms.EmailField):
        return "not an email" if kind == "wrong" else "x" * 300 + "@example.org"
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
        return "99/99/9999"
    if isinstance(field, forms.CharField):
        length = field.max_length or 10_000
        return "x" * (length + 1) if kind == "long" else "x\x00y"
    return "not-valid"


def _data(form: forms.BaseForm, kind: str) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.MultiValueField):
            for i in range(len(field.fields)):
                data[f"{key}_{i}"] = "" if kind == "blank" else "x"
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data.setlist(key, [] if kind == "blank" else ["not-one-of-the-choices"])
        else:
            data[key] = _bad_value(field, kind)
    return data


def _messages(form: forms.BaseForm) -> list[str]:
    """Every message the form shows, rendered as the page does."""
    shown = [str(message) for errors in form.errors.values() for message in errors]
    return [*shown, *[str(e) for e in form.non_field_errors()]]


@pytest.mark.parametrize("kind", ["blank", "wrong", "long"])
def test_no_form_shows_a_django_default_message(kind: str) -> None:
    world = World()
    defaults_shown = {}
    for form_class in FORMS:
        kwargs = _kwargs(form_class, world)
        probe = form_class(QueryDict(), **kwargs)  # unbound enough to list its fields (CaseListForm needs data)
        data = _data(probe, kind)
        form = form_class(data, **kwargs)
        form.is_valid()
        found = [m for m in _messages(form) if any(p.search(m) for p in DEFAULTS)]
        if found:
            defaults_shown[_name(form_class)] = found
    assert defaults_shown == {}
