"""Who interpreted at each contact with the survivor (issue 20): recorded by the agencies at the case and
the people named on it while an interpreter is needed; a family member, friend or child is refused with the
reason why (family members must never act as interpreters), and nothing typed is lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import GrantKind, InterpretedBy, InterpretedContact, NeedKind
from cases.needs.contacts import FAMILY_REFUSED, interpreted_contact_record
from marac.models import AgencyKind, AuditEvent, AuditVerb, Role
from tests.builders import circulated_meeting, named_on, need_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (contacts)", kind=AgencyKind.POLICE)
    idaa_service = AgencyFactory(name="IDAA service (contacts)", kind=AgencyKind.IDAA)
    area.core_agencies.set([police, idaa_service])
    people = {
        "coordinator": member(Role.COORDINATOR, area),
        "police rep": member(Role.REPRESENTATIVE, area, agency=police),
        "idaa": member(Role.IDAA, area, agency=idaa_service),
        "other idaa": member(Role.IDAA, area, agency=idaa_service),
    }
    case = CaseFactory(area=area)
    circulated_meeting(area, by=people["coordinator"], cases=[case])
    need_on(case, NeedKind.INTERPRETER, by=people["police rep"], detail="Bengali")
    named_on(case, people["idaa"], GrantKind.IDAA, by=people["coordinator"])
    return {"case": case, **people}


def _record(world, who: str, **fields):
    data = {
        "contact_on": timezone.localdate() - timedelta(days=1),
        "language": "Bengali",
        "interpreted_by": InterpretedBy.PROFESSIONAL,
        "reference": "Booking LS-2291",
        **fields,
    }
    return interpreted_contact_record(actor=world[who], case=world["case"], **data)


def test_the_allocated_idaa_records_a_professional_interpreter_audited(world) -> None:
    contact = _record(world, "idaa")
    assert (contact.language, contact.interpreted_by, contact.recorded_by) == (
        "Bengali",
        InterpretedBy.PROFESSIONAL,
        world["idaa"],
    )
    event = AuditEvent.objects.get(object_type="cases.interpretedcontact", object_id=str(contact.pk))
    assert event.verb == AuditVerb.CREATE
    assert "LS-2291" not in str(event.detail)


def test_a_family_member_is_refused_with_the_reason(world) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, "police rep", interpreted_by=InterpretedBy.FAMILY_OR_FRIEND)
    assert refused.value.message_dict["interpreted_by"] == [FAMILY_REFUSED]
    assert "connected to the person causing harm" in FAMILY_REFUSED
    assert not InterpretedContact.objects.exists()


def test_every_bad_answer_is_refused_at_once(world) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, "idaa", contact_on=timezone.localdate() + timedelta(days=1), language=" ", interpreted_by="x")
    assert set(refused.value.message_dict) == {"contact_on", "language", "interpreted_by"}


def test_who_may_record(world) -> None:
    with pytest.raises(Http404):  # an IDAA not allocated to the case sees nothing of it
        _record(world, "other idaa")
    keyworker_less = member(Role.PRACTITIONER, world["case"].area, agency=world["police rep"].agency)
    with pytest.raises(Http404):
        _record({**world, "x": keyworker_less}, "x")
    named_on(world["case"], keyworker_less, GrantKind.KEYWORKER, by=world["coordinator"])
    assert _record({**world, "x": keyworker_less}, "x").recorded_by == keyworker_less
    assert InterpretedContact.objects.count() == 1


class TestPage:
    def _post(self, world, who: str, **fields) -> object:
        day = timezone.localdate()
        data = {
            "action": "contact",
            "contact-contact_on_day": day.day,
            "contact-contact_on_month": day.month,
            "contact-contact_on_year": day.year,
            "contact-language": "Bengali",
            "contact-interpreted_by": InterpretedBy.FAMILY_OR_FRIEND,
            "contact-reference": "Her brother-in-law offered",
            **fields,
        }
        return sign_in_verified(Client(), world[who]).post(reverse("case-needs", args=[world["case"].pk]), data)

    def test_the_page_refuses_a_family_interpreter_keeping_what_was_typed(self, world) -> None:
        response = self._post(world, "idaa")
        assert response.status_code == 400
        page = response.content.decode()
        assert "<title>Error: " in page
        assert "Book an independent interpreter" in page
        assert "Her brother-in-law offered" in page
        assert not InterpretedContact.objects.exists()

    def test_the_page_records_a_professional_interpreter(self, world) -> None:
        response = self._post(world, "idaa", **{"contact-interpreted_by": InterpretedBy.PROFESSIONAL})
        assert response.status_code == 302
        page = sign_in_verified(Client(), world["police rep"]).get(reverse("case-needs", args=[world["case"].pk]))
        assert "An independent professional interpreter" in page.content.decode()
