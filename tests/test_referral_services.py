"""The referral services: repeats, stored criteria, quality assurance,
optimistic locking, receiving onto cases, and the audit trail."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseParty, PartyRole, Person, PersonAlias, Referral, ReferralStatus
from cases.referrals import receive, services
from marac.models import AuditEvent, AuditVerb, Role
from tests.conftest import sign_in_verified
from tests.factories import CaseFactory, PersonFactory
from tests.referral_helpers import (
    backdate_submission,
    checklist_answers,
    draft_referral,
    fresh,
    make_cast,
    member,
    perpetrator_details,
    received_referral,
    referral_person,
    submitted_referral,
    victim_details,
)
from tests.url_helpers import app_patterns

pytestmark = pytest.mark.django_db


urlpatterns = app_patterns("cases")


@pytest.fixture
def cast():
    return make_cast()


def referral_events(referral: Referral):
    return AuditEvent.objects.filter(object_type="cases.referral", object_id=str(referral.pk)).order_by("id")


# --- Repeats ------------------------------------------------------------------------------------------


class TestRepeats:
    """SafeLives: a further incident between the same victim and the same person
    causing harm (or one of them) within 12 months of the victim's last referral;
    the anniversary counts, the day after is a new referral."""

    @pytest.fixture
    def victim(self):
        return victim_details()

    @pytest.fixture
    def perpetrator(self):
        return perpetrator_details(aliases=["Benny Hughes"])

    def earlier(self, cast, victim, perpetrator, submitted_on) -> Referral:
        referral = received_referral(
            cast.practitioner,
            cast.area,
            representative=cast.representative,
            coordinator=cast.coordinator,
            victim=victim,
            perpetrators=[perpetrator],
            incident_date=date(2023, 12, 1),
        )
        assert referral.status == ReferralStatus.RECEIVED
        return backdate_submission(referral, submitted_on)

    def later(self, cast, victim, perpetrators, incident_date) -> Referral:
        return submitted_referral(
            cast.practitioner,
            cast.area,
            representative=cast.representative,
            victim=victim,
            perpetrators=perpetrators,
            incident_date=incident_date,
        )

    @pytest.mark.parametrize(
        ("submitted_on", "incident", "repeat"),
        [
            pytest.param(date(2024, 3, 15), date(2025, 3, 14), True, id="day-before-anniversary"),
            pytest.param(date(2024, 3, 15), date(2025, 3, 15), True, id="on-anniversary"),
            pytest.param(date(2024, 3, 15), date(2025, 3, 16), False, id="day-after-anniversary"),
            pytest.param(date(2024, 2, 29), date(2025, 2, 28), True, id="leap-day-anniversary"),
            pytest.param(date(2024, 2, 29), date(2025, 3, 1), False, id="after-leap-day-anniversary"),
            # 00:30 in summer time is the evening before in UTC: the local date decides.
            pytest.param(
                timezone.make_aware(datetime.combine(date(2024, 7, 10), time(0, 30))),
                date(2025, 7, 10),
                True,
                id="submitted-just-after-local-midnight",
            ),
        ],
    )
    def test_window_of_twelve_months_including_the_anniversary(
        self, cast, victim, perpetrator, submitted_on, incident, repeat
    ) -> None:
        earlier = self.earlier(cast, victim, perpetrator, submitted_on)
        later = self.later(cast, victim, [perpetrator], incident)
        assert later.status == ReferralStatus.SUBMITTED
        assert later.is_repeat is repeat
        assert later.repeat_of == (earlier.case if repeat else None)
        assert ("repeat" in later.reasons) is repeat

    def test_a_different_person_causing_harm_is_not_a_repeat(self, cast, victim, perpetrator) -> None:
        self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = self.later(cast, victim, [perpetrator_details()], date(2024, 6, 1))
        assert later.is_repeat is False
        assert later.repeat_of is None
        assert "repeat" not in later.reasons

    def test_one_of_two_people_causing_harm_the_same_is_a_repeat(self, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = self.later(cast, victim, [perpetrator_details(), perpetrator], date(2024, 6, 1))
        assert later.is_repeat is True
        assert later.repeat_of == earlier.case

    def test_matching_through_an_alias_recorded_on_the_earlier_case(self, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        harm = CaseParty.objects.get(case=earlier.case, role=PartyRole.PERPETRATOR).person
        assert {(a.given_names, a.family_name) for a in harm.aliases.all()} == {("Benny", "Hughes")}
        by_alias = perpetrator_details(
            given_names="Benny", family_name="Hughes", date_of_birth=perpetrator["date_of_birth"]
        )
        later = self.later(cast, victim, [by_alias], date(2024, 6, 1))
        assert later.is_repeat is True
        assert later.repeat_of == earlier.case

    def test_flags_are_set_on_submit_and_kept_on_receive(self, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = draft_referral(
            cast.practitioner, cast.area, victim=victim, perpetrators=[perpetrator], incident_date=date(2024, 6, 1)
        )
        assert later.is_repeat is False  # not known while it is a draft
        services.referral_mark_ready(user=cast.practitioner, referral=later)
        services.referral_submit(user=cast.representative, referral=fresh(later))
        later = fresh(later)
        assert (later.is_repeat, later.repeat_of) == (True, earlier.case)
        assert later.reasons == ["visible_high_risk", "repeat"]
        receive.referral_receive(user=cast.coordinator, referral=later)
        later = fresh(later)
        assert (later.is_repeat, later.repeat_of, later.case) == (True, earlier.case, earlier.case)

    def test_coordinator_sees_the_earlier_case_and_its_history(self, client, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = self.later(cast, victim, [perpetrator], date(2025, 3, 15))
        sign_in_verified(client, cast.coordinator)
        response = client.get(reverse("referral-detail", args=[later.public_id]))
        assert response.status_code == 200
        html = response.content.decode()
        assert earlier.case.reference in html
        assert f"Earlier referrals on case {earlier.case.reference}" in html
        assert "15 March 2024" in html  # the earlier referral, in the history
        assert "Repeat" in html


# --- Criteria stored on the referral -------------------------------------------------------------------


class TestStoredCriteria:
    @pytest.mark.parametrize(("yes", "reasons"), [(13, []), (14, ["visible_high_risk"])])
    def test_visible_high_risk_at_fourteen(self, cast, yes, reasons) -> None:
        referral = draft_referral(cast.practitioner, cast.area, yes_answers=yes)
        assert referral.score == yes
        assert referral.reasons == reasons

    def test_dont_know_is_not_counted(self, cast) -> None:
        answers = checklist_answers(13, rest="dont_know")
        referral = draft_referral(cast.practitioner, cast.area, answers=answers)
        assert referral.score == 13
        assert referral.reasons == []

    @pytest.mark.parametrize(("callouts", "reasons"), [(2, []), (3, ["potential_escalation"])])
    def test_potential_escalation_at_three_callouts(self, cast, callouts, reasons) -> None:
        referral = draft_referral(cast.practitioner, cast.area, yes_answers=0, callouts=callouts)
        assert referral.reasons == reasons

    @pytest.mark.parametrize(
        ("yes", "callouts", "reasons"),
        [
            (16, 4, []),
            (17, 4, ["visible_high_risk"]),
            (16, 5, ["potential_escalation"]),
            (17, 5, ["visible_high_risk", "potential_escalation"]),
        ],
    )
    def test_area_thresholds_are_the_areas_own(self, cast, yes, callouts, reasons) -> None:
        cast.area.visible_high_risk_threshold = 17
        cast.area.escalation_callouts = 5
        cast.area.save()
        referral = draft_referral(cast.practitioner, cast.area, yes_answers=yes, callouts=callouts)
        assert referral.reasons == reasons

    def test_several_reasons_at_once(self, cast) -> None:
        referral = draft_referral(
            cast.practitioner, cast.area, yes_answers=15, callouts=3, judgement="Escalating stalking since separation."
        )
        assert referral.reasons == ["visible_high_risk", "professional_judgement", "potential_escalation"]

    def test_professional_judgement_never_lowers(self, cast) -> None:
        referral = draft_referral(
            cast.practitioner, cast.area, yes_answers=20, callouts=4, judgement="I do not think she is at high risk."
        )
        assert referral.reasons == ["visible_high_risk", "professional_judgement", "potential_escalation"]
        services.referral_update(user=cast.practitioner, referral=referral, data={"professional_judgement": False})
        referral = fresh(referral)
        assert referral.reasons == ["visible_high_risk", "potential_escalation"]
        assert referral.professional_judgement_rationale == ""

    def test_judgement_without_a_rationale_adds_nothing_and_must_be_explained(self, cast) -> None:
        referral = draft_referral(cast.representative, cast.area, yes_answers=5)
        services.referral_update(user=cast.representative, referral=referral, data={"professional_judgement": True})
        referral = fresh(referral)
        assert referral.reasons == []
        with pytest.raises(ValidationError) as caught:
            services.referral_submit(user=cast.representative, referral=referral)
        assert "Explain your professional judgement" in caught.value.message_dict["reason"][0]

    def test_below_threshold_is_heard_on_professional_judgement(self, cast) -> None:
        referral = draft_referral(cast.representative, cast.area, yes_answers=5)
        with pytest.raises(ValidationError) as caught:
            services.referral_submit(user=cast.representative, referral=referral)
        assert set(caught.value.message_dict) == {"reason"}  # offered professional judgement, not refused
        services.referral_update(
            user=cast.representative,
            referral=fresh(referral),
            data={"professional_judgement": True, "professional_judgement_rationale": "Threats since she left."},
        )
        referral = services.referral_submit(user=cast.representative, referral=fresh(referral))
        assert referral.status == ReferralStatus.SUBMITTED
        assert fresh(referral).reasons == ["professional_judgement"]


# --- Quality assurance and submission ----------------------------------------------------------------


class TestQualityAssurance:
    def test_a_practitioner_cannot_submit(self, cast) -> None:
        referral = draft_referral(cast.practitioner, cast.area)
        with pytest.raises(PermissionDenied):
            services.referral_submit(user=cast.practitioner, referral=referral)
        referral = services.referral_mark_ready(user=cast.practitioner, referral=fresh(referral))
        with pytest.raises(PermissionDenied):
            services.referral_submit(user=cast.practitioner, referral=fresh(referral))
        assert fresh(referral).status == ReferralStatus.READY_FOR_CHECK

    def test_mark_ready_then_the_representative_submits(self, cast) -> None:
        referral = draft_referral(cast.practitioner, cast.area)
        services.referral_mark_ready(user=cast.practitioner, referral=referral)
        assert fresh(referral).status == ReferralStatus.READY_FOR_CHECK
        services.referral_submit(user=cast.representative, referral=fresh(referral))
        referral = fresh(referral)
        assert referral.status == ReferralStatus.SUBMITTED
        assert referral.submitted_by == cast.representative
        assert referral.drafted_by == cast.practitioner
        assert referral.submitted_at is not None

    def test_a_representative_of_another_agency_cannot_submit(self, cast) -> None:
        referral = draft_referral(cast.practitioner, cast.area)
        services.referral_mark_ready(user=cast.practitioner, referral=referral)
        outsider = member(Role.REPRESENTATIVE, cast.area)
        with pytest.raises(Http404):
            services.referral_submit(user=outsider, referral=fresh(referral))

    def test_a_representative_who_drafted_it_approves_their_own(self, cast) -> None:
        referral = draft_referral(cast.representative, cast.area)
        assert referral.status == ReferralStatus.DRAFT
        services.referral_submit(user=cast.representative, referral=referral)
        referral = fresh(referral)
        assert referral.status == ReferralStatus.SUBMITTED
        assert referral.submitted_by == referral.drafted_by == cast.representative

    def test_submitting_twice_sends_once(self, cast) -> None:
        referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
        first = referral.submitted_at
        services.referral_submit(user=cast.representative, referral=referral)  # a second browser tab
        referral = fresh(referral)
        assert referral.status == ReferralStatus.SUBMITTED
        assert referral.submitted_at == first
        submitted = [e for e in referral_events(referral) if e.detail.get("status") == ReferralStatus.SUBMITTED]
        assert len(submitted) == 1
        assert submitted[0].verb == AuditVerb.CHANGE

    def test_an_incomplete_referral_lists_what_is_missing(self, cast) -> None:
        referral = services.referral_start(user=cast.representative, area=cast.area)
        with pytest.raises(ValidationError) as caught:
            services.referral_submit(user=cast.representative, referral=referral)
        assert set(caught.value.message_dict) >= {
            "victim",
            "perpetrators",
            "checklist",
            "reason",
            "strengths",
            "consent",
        }
        assert fresh(referral).status == ReferralStatus.DRAFT
        with pytest.raises(ValidationError):
            services.referral_mark_ready(user=cast.representative, referral=referral)

    def test_consent_not_given_needs_a_reason(self, cast) -> None:
        referral = draft_referral(cast.representative, cast.area, consent="refused")
        with pytest.raises(ValidationError) as caught:
            services.referral_submit(user=cast.representative, referral=referral)
        assert set(caught.value.message_dict) == {"consent"}
        services.referral_update(
            user=cast.representative,
            referral=fresh(referral),
            data={"consent_note": "Risk is high; she is frightened of what he will do if he finds out."},
        )
        assert services.referral_submit(user=cast.representative, referral=fresh(referral)).status == "submitted"

    def test_the_coordinator_returns_with_a_reason(self, cast) -> None:
        referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
        for blank in ["", "   \n"]:
            with pytest.raises(ValidationError) as caught:
                services.referral_return(user=cast.coordinator, referral=referral, reason=blank)
            assert "reason" in caught.value.message_dict
        assert fresh(referral).status == ReferralStatus.SUBMITTED
        services.referral_return(user=cast.coordinator, referral=referral, reason="  Add the children's school.  ")
        referral = fresh(referral)
        assert referral.status == ReferralStatus.RETURNED
        assert referral.return_reason == "Add the children's school."

    def test_only_the_coordinator_returns(self, cast) -> None:
        referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
        with pytest.raises(PermissionDenied):
            services.referral_return(user=cast.representative, referral=referral, reason="Not needed")
        with pytest.raises(Http404):
            services.referral_return(user=member(Role.COORDINATOR, make_cast().area), referral=referral, reason="x")

    def test_there_is_no_way_to_refuse_a_referral(self) -> None:
        # SafeLives does not recommend screening: every referral is heard.
        words = ("refus", "reject", "declin", "screen")
        assert not [s for s in ReferralStatus.values if s.startswith(words)]
        assert not [name for name in dir(services) if any(w in name.lower() for w in words)]
        assert not [p.name for p in urlpatterns if any(w in (p.name or "") for w in words)]

    def test_a_returned_referral_is_edited_and_sent_again(self, cast) -> None:
        referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
        services.referral_return(user=cast.coordinator, referral=referral, reason="Add the call-outs.")
        referral = fresh(referral)
        assert referral.is_editable
        services.referral_update(user=cast.practitioner, referral=referral, data={"police_callouts": 4})
        services.referral_mark_ready(user=cast.practitioner, referral=fresh(referral))
        services.referral_submit(user=cast.representative, referral=fresh(referral))
        referral = fresh(referral)
        assert referral.status == ReferralStatus.SUBMITTED
        assert referral.return_reason == ""
        assert referral.reasons == ["visible_high_risk", "potential_escalation"]
        case = receive.referral_receive(user=cast.coordinator, referral=referral)
        assert fresh(referral).case == case

    def test_a_sent_referral_can_no_longer_be_changed(self, cast) -> None:
        referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
        for user in (cast.practitioner, cast.representative):
            with pytest.raises(PermissionDenied):
                services.referral_update(user=user, referral=referral, data={"reason": "Changed"})
        assert fresh(referral).reason != "Changed"


# --- Optimistic locking ----------------------------------------------------------------------------------


class TestOptimisticLocking:
    def test_a_stale_version_raises_and_changes_nothing(self, cast) -> None:
        referral = draft_referral(cast.practitioner, cast.area)
        loaded_version = referral.version
        # Someone else saves first.
        services.referral_update(
            user=cast.representative, referral=referral, data={"reason": "First"}, expected_version=loaded_version
        )
        after_first = fresh(referral)
        assert after_first.version == loaded_version + 1
        events = referral_events(referral).count()
        with pytest.raises(services.StaleEditError):
            services.referral_update(
                user=cast.practitioner,
                referral=referral,
                data={"reason": "Second", "police_callouts": 7},
                expected_version=loaded_version,
            )
        unchanged = fresh(referral)
        assert (unchanged.reason, unchanged.police_callouts, unchanged.version) == ("First", None, after_first.version)
        assert unchanged.reasons == after_first.reasons
        assert referral_events(referral).count() == events

    @pytest.mark.parametrize("edit", ["update", "person", "checklist"])
    def test_an_edit_from_a_copy_loaded_before_sending_is_refused(self, cast, edit) -> None:
        loaded = draft_referral(cast.representative, cast.area, yes_answers=15)
        services.referral_submit(user=cast.representative, referral=fresh(loaded))  # meanwhile, in another tab
        user = cast.representative
        edits = {
            "update": lambda: services.referral_update(user=user, referral=loaded, data={"reason": "Too late"}),
            "person": lambda: services.referral_person_save(
                user=user, referral=loaded, role=PartyRole.CHILD, data={"given_names": "Too late"}
            ),
            "checklist": lambda: services.referral_checklist_save(
                user=user, referral=loaded, answers=checklist_answers(2)
            ),
        }
        with pytest.raises(PermissionDenied):
            edits[edit]()
        sent = fresh(loaded)
        assert (sent.score, sent.reasons, sent.people.count()) == (15, ["visible_high_risk"], 2)

    def test_the_current_version_saves(self, cast) -> None:
        referral = draft_referral(cast.practitioner, cast.area)
        saved = services.referral_update(
            user=cast.practitioner, referral=referral, data={"reason": "Now"}, expected_version=referral.version
        )
        assert saved.version == referral.version + 1
        assert fresh(referral).reason == "Now"


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
