"""Receiving referrals onto cases and people (case references, the same victim on
the same case, aliases, linking to a chosen record), and the audit trail of every
referral service."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseParty, PartyRole, Person, PersonAlias, Referral, ReferralStatus
from cases.referrals import receive, services
from marac.models import AuditEvent, AuditVerb
from tests.factories import CaseFactory, PersonFactory
from tests.referral_helpers import (
    checklist_answers,
    draft_referral,
    fresh,
    make_cast,
    perpetrator_details,
    received_referral,
    referral_events,
    referral_person,
    submitted_referral,
    victim_details,
)

pytestmark = pytest.mark.django_db


# --- Receiving: cases and people ----------------------------------------------------------------------


class TestReceive:
    def test_new_victims_get_new_case_references(self, cast) -> None:
        year = timezone.localdate().year
        first = received_referral(
            cast.practitioner, cast.area, representative=cast.representative, coordinator=cast.coordinator
        )
        assert first.case.reference == f"{cast.area.code.upper()}-{year}-0001"
        assert first.status == ReferralStatus.RECEIVED
        assert first.received_by == cast.coordinator
        second = received_referral(
            cast.practitioner, cast.area, representative=cast.representative, coordinator=cast.coordinator
        )
        assert second.case.reference == f"{cast.area.code.upper()}-{year}-0002"
        # Numbers are per area.
        other = make_cast()
        elsewhere = received_referral(
            other.practitioner, other.area, representative=other.representative, coordinator=other.coordinator
        )
        assert elsewhere.case.reference == f"{other.area.code.upper()}-{year}-0001"

    def test_the_same_victim_is_filed_on_the_same_open_case(self, cast) -> None:
        victim, perpetrator = victim_details(), perpetrator_details()
        child = {"given_names": "Cal", "family_name": "Childname", "date_of_birth": date(2019, 6, 5)}
        kwargs = {
            "representative": cast.representative,
            "coordinator": cast.coordinator,
            "victim": victim,
            "perpetrators": [perpetrator],
            "children": [child],
        }
        first = received_referral(cast.practitioner, cast.area, **kwargs)
        assert Person.objects.count() == 3
        parties = CaseParty.objects.count()
        # Typed differently: names compare without regard to case or spacing.
        again = {**victim, "family_name": f"  {victim['family_name'].upper()} "}
        second = received_referral(cast.practitioner, cast.area, **{**kwargs, "victim": again})
        assert second.case == first.case
        assert Case.objects.count() == 1
        assert Person.objects.count() == 3
        assert CaseParty.objects.count() == parties
        assert referral_person(second, PartyRole.VICTIM).person == first.case.victim

    def test_aliases_typed_on_the_referral_become_alias_records(self, cast) -> None:
        perpetrator = perpetrator_details(aliases=["Benny Hughes", "Big Ben Smith", "Benji", " "])
        referral = received_referral(
            cast.practitioner,
            cast.area,
            representative=cast.representative,
            coordinator=cast.coordinator,
            perpetrators=[perpetrator],
        )
        person = referral_person(referral, PartyRole.PERPETRATOR).person
        assert set(PersonAlias.objects.filter(person=person).values_list("given_names", "family_name")) == {
            ("Benny", "Hughes"),
            ("Big Ben", "Smith"),
            ("", "Benji"),
        }
        # The same alias on a later referral is not recorded twice.
        received_referral(
            cast.practitioner,
            cast.area,
            representative=cast.representative,
            coordinator=cast.coordinator,
            perpetrators=[perpetrator],
        )
        assert PersonAlias.objects.filter(person=person).count() == 3

    def test_linking_to_a_chosen_visible_record(self, cast) -> None:
        known = received_referral(
            cast.practitioner, cast.area, representative=cast.representative, coordinator=cast.coordinator
        )
        harm = referral_person(known, PartyRole.PERPETRATOR).person
        # A new victim; the person causing harm typed with no date of birth, linked by the coordinator.
        referral = received_referral(
            cast.practitioner,
            cast.area,
            representative=cast.representative,
            coordinator=cast.coordinator,
            perpetrators=[perpetrator_details(given_names="Ben", family_name=harm.family_name, date_of_birth=None)],
            links={"perpetrator": harm.pk},
        )
        assert referral.case != known.case
        assert referral_person(referral, PartyRole.PERPETRATOR).person == harm
        assert CaseParty.objects.filter(person=harm, role=PartyRole.PERPETRATOR).count() == 2

    def test_linking_to_a_record_the_coordinator_cannot_see_is_not_found(self, cast) -> None:
        hidden = PersonFactory()
        CaseFactory(victim=hidden)  # a case in another area
        unattached = PersonFactory()  # in no case at all
        referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
        for person in (hidden, unattached):
            with pytest.raises(Http404):
                receive.referral_receive(
                    user=cast.coordinator,
                    referral=referral,
                    links={referral_person(referral, PartyRole.VICTIM).pk: person.pk},
                )
        assert fresh(referral).status == ReferralStatus.SUBMITTED
        assert not Case.objects.filter(area=cast.area).exists()

    def test_only_the_areas_coordinator_receives(self, cast) -> None:
        referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
        with pytest.raises(PermissionDenied):
            receive.referral_receive(user=cast.representative, referral=referral)
        with pytest.raises(Http404):
            receive.referral_receive(user=make_cast().coordinator, referral=referral)
        draft = draft_referral(cast.practitioner, cast.area)
        with pytest.raises(Http404):  # a draft is invisible to the MARAC
            receive.referral_receive(user=cast.coordinator, referral=draft)

    def test_receiving_twice_files_once(self, cast) -> None:
        referral = received_referral(
            cast.practitioner, cast.area, representative=cast.representative, coordinator=cast.coordinator
        )
        assert receive.referral_receive(user=cast.coordinator, referral=referral) == referral.case
        assert Case.objects.count() == 1


# --- Audit --------------------------------------------------------------------------------------------


def test_every_service_is_audited_without_names(cast) -> None:
    victim = victim_details(aliases=["Avie Secretname"])
    perpetrator = perpetrator_details(aliases=["Benny Hiddenname"])
    names = {
        victim["given_names"],
        victim["family_name"],
        perpetrator["given_names"],
        perpetrator["family_name"],
        "Avie",
        "Secretname",
        "Benny",
        "Hiddenname",
        "Dora",
        "Extraperson",
    }
    steps: list[tuple[str, str]] = []
    seen = 0

    def audited(label: str, verb: str, referral: Referral) -> None:
        nonlocal seen
        events = list(referral_events(referral))
        new = events[seen:]
        seen = len(events)
        assert new, f"{label} wrote no audit event"
        assert any(e.verb == verb for e in new), (label, [e.verb for e in new])
        for event in new:
            assert event.area_id == cast.area.pk
            text = json.dumps(event.detail).lower()
            for name in names:
                assert name.lower() not in text, (label, event.detail)
        steps.append((label, verb))

    user = cast.practitioner
    referral = services.referral_start(user=user, area=cast.area)
    audited("start", AuditVerb.CREATE, referral)
    services.referral_person_save(
        user=user, referral=fresh(referral), role=PartyRole.VICTIM, person=fresh(referral).victim, data=victim
    )
    audited("victim", AuditVerb.CHANGE, referral)
    services.referral_person_save(user=user, referral=fresh(referral), role=PartyRole.PERPETRATOR, data=perpetrator)
    audited("perpetrator", AuditVerb.CHANGE, referral)
    extra = services.referral_person_save(
        user=user,
        referral=fresh(referral),
        role=PartyRole.HOUSEHOLD,
        data={"given_names": "Dora", "family_name": "Extraperson"},
    )
    audited("household member", AuditVerb.CHANGE, referral)
    services.referral_person_remove(user=user, referral=fresh(referral), person=extra)
    audited("remove", AuditVerb.DELETE, referral)
    services.referral_checklist_save(user=user, referral=fresh(referral), answers=checklist_answers(15))
    audited("checklist", AuditVerb.CHANGE, referral)
    services.referral_update(
        user=user,
        referral=fresh(referral),
        data={"reason": "Benny Hiddenname threatened Avie Secretname", "strengths": "Safe phone", "consent": "given"},
    )
    audited("update", AuditVerb.CHANGE, referral)
    services.referral_mark_ready(user=user, referral=fresh(referral))
    audited("mark ready", AuditVerb.CHANGE, referral)
    services.referral_submit(user=cast.representative, referral=fresh(referral))
    audited("submit", AuditVerb.CHANGE, referral)
    services.referral_return(user=cast.coordinator, referral=fresh(referral), reason="Add Avie Secretname's school")
    audited("return", AuditVerb.CHANGE, referral)
    services.referral_submit(user=cast.representative, referral=fresh(referral))
    audited("submit again", AuditVerb.CHANGE, referral)
    case = receive.referral_receive(user=cast.coordinator, referral=fresh(referral))
    audited("receive", AuditVerb.CHANGE, referral)
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), verb=AuditVerb.CREATE).exists()
    assert len(steps) == 12
