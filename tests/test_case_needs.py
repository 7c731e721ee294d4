"""Needs as structured flags on a case (issue 20): set from the referral when the coordinator receives it,
set and ended by the agencies at the case (permission, validation, one transaction, an audit event, a
version), shown on the agenda, and counted in governance with small numbers suppressed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases.meetings import selectors as meeting_selectors
from cases.models import CaseNeed, NeedKind, NeedSource
from cases.needs import services
from cases.needs.backfill import needs_from_received_referrals
from governance.needs import need_figures
from governance.scope import Scope
from marac.models import AgencyKind, AuditEvent, AuditVerb, Role
from marac.versioning import StaleVersionError
from tests.builders import circulated_meeting, held_meeting, named_on, need_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member, received_referral, victim_details

pytestmark = pytest.mark.django_db


def _seventeen_today() -> date:
    today = timezone.localdate()
    return date(today.year - 17, 1, 1) if (today.month, today.day) >= (1, 1) else date(today.year - 18, 1, 1)


def _need_events(need: CaseNeed) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="cases.caseneed", object_id=str(need.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )


class TestFromTheReferral:
    def test_receipt_records_the_needs_the_referrals_equality_data_shows(self, cast) -> None:
        victim = victim_details(
            gender="man",
            date_of_birth=_seventeen_today(),
            interpreter_needed=True,
            preferred_language="Tigrinya",
            lgbt="yes",
            disabled="yes",
        )
        referral = received_referral(
            cast.practitioner,
            cast.area,
            coordinator=cast.coordinator,
            representative=cast.representative,
            victim=victim,
        )
        needs = {need.kind: need for need in CaseNeed.objects.filter(case=referral.case)}
        assert set(needs) == {
            NeedKind.INTERPRETER,
            NeedKind.AGED_16_17,
            NeedKind.DISABILITY,
            NeedKind.MALE_VICTIM,
            NeedKind.LGBT,
        }
        assert needs[NeedKind.INTERPRETER].detail == "Tigrinya"
        assert all(n.source == NeedSource.REFERRAL and n.set_by_agency == cast.agency for n in needs.values())
        assert all(_need_events(n) == [AuditVerb.CREATE] for n in needs.values())
        # Audit detail names the case and the kind, never the language typed.
        assert all("Tigrinya" not in str(e.detail) for e in AuditEvent.objects.filter(object_type="cases.caseneed"))

    def test_the_referrers_concerns_of_honour_based_abuse_and_immigration_become_needs(self, cast, client) -> None:
        referral = received_referral(
            cast.practitioner,
            cast.area,
            coordinator=cast.coordinator,
            representative=cast.representative,
            honour_based_abuse="yes",
            immigration_concern="not_known",
        )
        kinds = set(CaseNeed.objects.filter(case=referral.case).values_list("kind", flat=True))
        assert kinds == {NeedKind.HONOUR_BASED_ABUSE}  # "not known" is not a concern recorded
        sign_in_verified(client, cast.coordinator)
        page = client.get(reverse("referral-detail", args=[referral.public_id])).content.decode()
        assert "Honour-based abuse or forced marriage" in page

    def test_a_referral_without_those_answers_records_no_need(self, cast) -> None:
        referral = received_referral(
            cast.practitioner, cast.area, coordinator=cast.coordinator, representative=cast.representative
        )
        assert not CaseNeed.objects.filter(case=referral.case).exists()

    def test_a_later_referral_records_again_a_need_that_had_ended_and_keeps_one_in_force(self, cast) -> None:
        victim = victim_details(interpreter_needed=True, preferred_language="Farsi", lgbt="yes")
        first = received_referral(
            cast.practitioner,
            cast.area,
            coordinator=cast.coordinator,
            representative=cast.representative,
            victim=victim,
        )
        lgbt = CaseNeed.objects.get(case=first.case, kind=NeedKind.LGBT)
        services.need_end(actor=cast.coordinator, case=first.case, kind=NeedKind.LGBT, version=lgbt.version)
        interpreter = need_on(first.case, NeedKind.INTERPRETER, by=cast.representative, detail="Dari")
        again = received_referral(
            cast.practitioner,
            cast.area,
            coordinator=cast.coordinator,
            representative=cast.representative,
            victim=victim,
            links={"victim": first.case.victim_id},
        )
        assert again.case == first.case
        assert CaseNeed.objects.get(pk=lgbt.pk).ended_at is None
        assert CaseNeed.objects.get(pk=interpreter.pk).detail == "Dari"  # the agency's word stands

    def test_the_backfill_records_the_same_needs_for_referrals_received_before_needs_existed(self, cast) -> None:
        victim = victim_details(gender="man", interpreter_needed=True, preferred_language="Amharic", disabled="no")
        referral = received_referral(
            cast.practitioner,
            cast.area,
            coordinator=cast.coordinator,
            representative=cast.representative,
            victim=victim,
        )
        made = set(CaseNeed.objects.values_list("case_id", "kind", "detail", "source"))
        CaseNeed.objects.all().delete()
        assert needs_from_received_referrals() == 2
        assert set(CaseNeed.objects.values_list("case_id", "kind", "detail", "source")) == made
        assert {kind for _, kind, _, _ in made} == {NeedKind.INTERPRETER, NeedKind.MALE_VICTIM}
        assert needs_from_received_referrals() == 0  # already recorded: left as they are
        assert CaseNeed.objects.filter(case=referral.case).count() == 2


@pytest.fixture
def world():
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (needs)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (needs)", kind=AgencyKind.HOUSING)
    area.core_agencies.set([police, housing])
    people = {
        "coordinator": member(Role.COORDINATOR, area),
        "police rep": member(Role.REPRESENTATIVE, area, agency=police),
        "housing rep": member(Role.REPRESENTATIVE, area, agency=housing),
        "officer": member(Role.PRACTITIONER, area, agency=police),
        "outsider": member(Role.REPRESENTATIVE, MaracAreaFactory(), agency=police),
    }
    case = CaseFactory(area=area)
    meeting = circulated_meeting(area, by=people["coordinator"], cases=[case])
    return {"area": area, "case": case, "meeting": meeting, **people}


class TestSetAndEnd:
    def test_an_invited_agency_records_a_need_audited_and_versioned(self, world) -> None:
        need = services.need_set(
            actor=world["housing rep"], case=world["case"], kind=NeedKind.HONOUR_BASED_ABUSE, version=0
        )
        assert (need.source, need.set_by, need.version) == (NeedSource.AGENCY, world["housing rep"], 1)
        changed = services.need_set(
            actor=world["police rep"],
            case=world["case"],
            kind=NeedKind.HONOUR_BASED_ABUSE,
            detail="ignored: this need carries no detail",
            version=1,
        )
        assert (changed.pk, changed.version, changed.detail) == (need.pk, 2, "")
        ended = services.need_end(actor=world["coordinator"], case=world["case"], kind=need.kind, version=2)
        assert ended.ended_at is not None
        assert ended.ended_by == world["coordinator"]
        assert _need_events(need) == [AuditVerb.CREATE, AuditVerb.CHANGE, AuditVerb.CHANGE]

    def test_a_stale_version_is_refused_and_nothing_changes(self, world) -> None:
        need_on(world["case"], NeedKind.IMMIGRATION, by=world["police rep"], detail="No recourse to public funds")
        with pytest.raises(StaleVersionError):
            services.need_set(
                actor=world["housing rep"], case=world["case"], kind=NeedKind.IMMIGRATION, detail="Visa", version=0
            )
        with pytest.raises(StaleVersionError):
            services.need_end(actor=world["housing rep"], case=world["case"], kind=NeedKind.IMMIGRATION, version=7)
        need = CaseNeed.objects.get(case=world["case"], kind=NeedKind.IMMIGRATION)
        assert (need.detail, need.version, need.ended_at) == ("No recourse to public funds", 1, None)

    def test_an_interpreter_needs_its_language_and_bad_input_is_refused(self, world) -> None:
        with pytest.raises(ValidationError) as missing:
            services.need_set(actor=world["coordinator"], case=world["case"], kind=NeedKind.INTERPRETER, version=0)
        assert "language" in str(missing.value.message_dict["detail"])
        with pytest.raises(ValidationError):
            services.need_set(actor=world["coordinator"], case=world["case"], kind="not-a-need", version=0)
        with pytest.raises(ValidationError):
            services.need_set(
                actor=world["coordinator"], case=world["case"], kind=NeedKind.AGED_16_17, detail="x" * 201, version=0
            )
        with pytest.raises(ValidationError):
            services.need_end(actor=world["coordinator"], case=world["case"], kind=NeedKind.LGBT, version=None)
        assert not CaseNeed.objects.exists()

    def test_only_a_carer_disability_keeps_the_carer_mark(self, world) -> None:
        carer = need_on(world["case"], NeedKind.DISABILITY, by=world["coordinator"], harm_by_carer=True)
        other = need_on(world["case"], NeedKind.LGBT, by=world["coordinator"], harm_by_carer=True)
        assert (carer.harm_by_carer, other.harm_by_carer) == (True, False)

    def test_who_may_record_a_need(self, world) -> None:
        named_on(world["case"], world["officer"], by=world["coordinator"], kind="keyworker")
        with pytest.raises(PermissionDenied):  # a keyworker sees the case but does not act for the agency
            services.need_set(actor=world["officer"], case=world["case"], kind=NeedKind.LGBT, version=0)
        with pytest.raises(Http404):  # another area's representative: as if the case did not exist
            services.need_set(actor=world["outsider"], case=world["case"], kind=NeedKind.LGBT, version=0)
        assert not CaseNeed.objects.exists()


def test_the_agenda_shows_each_need_in_force_as_a_flag(world) -> None:
    need_on(world["case"], NeedKind.INTERPRETER, by=world["police rep"], detail="Tigrinya")
    need_on(world["case"], NeedKind.AGED_16_17, by=world["police rep"], detail="text message")
    need_on(world["case"], NeedKind.DISABILITY, by=world["police rep"], harm_by_carer=True)
    ended = need_on(world["case"], NeedKind.MALE_VICTIM, by=world["police rep"])
    services.need_end(actor=world["police rep"], case=world["case"], kind=ended.kind, version=ended.version)
    [row] = meeting_selectors.agenda_for(world["meeting"], world["housing rep"]).rows
    assert [flag for flag in row.flags if flag not in ("Children in the household",)][-3:] == [
        "Interpreter needed: Tigrinya",
        "Aged 16 or 17: contact by text message",
        "Disability: the person causing harm is their carer",
    ]
    assert not any("Male" in flag for flag in row.flags)


class TestGovernance:
    def _heard(self, area, count, kind, by):
        cases = [CaseFactory(area=area) for _ in range(count)]
        for case in cases:
            need_on(case, kind, by=by)
        return cases

    def test_needs_of_cases_heard_are_counted_with_small_numbers_suppressed(self, world) -> None:
        area, by = world["area"], world["coordinator"]
        day = timezone.localdate() - timedelta(days=3)
        heard = self._heard(area, 5, NeedKind.HONOUR_BASED_ABUSE, by) + self._heard(area, 2, NeedKind.LGBT, by)
        held_meeting(area, day, cases=heard)
        # Recorded before the meeting (a need recorded after the period is not counted in it).
        CaseNeed.objects.update(set_at=timezone.now() - timedelta(days=10))
        self._heard(area, 3, NeedKind.LGBT, by)  # not heard in the period: not counted
        late = need_on(heard[0], NeedKind.INTERPRETER, by=by, detail="Urdu")  # recorded after the period
        figures = dict(need_figures(Scope(areas=[area], start=day - timedelta(days=1), end=day))["needs"])
        assert figures[NeedKind.HONOUR_BASED_ABUSE.label].display == "5"
        assert figures[NeedKind.LGBT.label].display == "fewer than 5"
        assert figures[NeedKind.INTERPRETER.label].display == "0", late
        assert list(figures) == [kind.label for kind in NeedKind]
