"""The referral services: quality assurance and submission, returning a referral,
and optimistic locking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from cases.models import PartyRole, ReferralStatus
from cases.referrals import receive, services
from marac.models import AuditVerb, Role
from marac.versioning import StaleVersionError
from tests.factories import MaracAreaFactory
from tests.referral_helpers import (
    checklist_answers,
    draft_referral,
    fresh,
    make_cast,
    member,
    referral_events,
    submitted_referral,
)
from tests.url_helpers import app_patterns

pytestmark = pytest.mark.django_db


urlpatterns = app_patterns("cases")


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
        with pytest.raises(StaleVersionError):
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


# --- The risk checklist: notes, sources, answers the people listed contradict, and its version -----


def daq_cast():
    return make_cast(MaracAreaFactory(checklist="daq"))


CHILD = {
    "role": PartyRole.CHILD,
    "given_names": "Cal",
    "family_name": "Quarrendale-X",
    "date_of_birth": date(2019, 6, 5),
}


class TestChecklist:
    def test_notes_and_sources_are_stored_with_the_answers(self, cast) -> None:
        referral = draft_referral(cast.practitioner, cast.area, yes_answers=None)
        services.referral_checklist_save(
            user=cast.practitioner,
            referral=referral,
            answers={"q1": "yes", "q2": "yes"},
            sources={"q1": "third_party", "q2": ""},
            notes={"q1": "  Bruising to her arm  ", "q2": "   "},
            expected_version=referral.version,
        )
        checklist = fresh(referral).checklist
        assert checklist.answers == {"q1": "yes", "q2": "yes"}
        assert checklist.sources == {"q1": "third_party"}
        assert checklist.notes == {"q1": "Bruising to her arm"}
        assert fresh(referral).score == 2

    def test_every_problem_is_reported_at_once(self) -> None:
        cast = daq_cast()
        referral = draft_referral(cast.practitioner, cast.area, yes_answers=None, children=[CHILD])
        with pytest.raises(ValidationError) as caught:
            services.referral_checklist_save(
                user=cast.practitioner,
                referral=referral,
                answers={"c1": "no", "q2": "maybe"},
                sources={"q1": "Her sister"},
                notes={"q3": "x" * 2001},
                completed_elsewhere=True,
            )
        assert set(caught.value.message_dict) == {"c1", "q2", "source_q1", "note_q3", "recorded_score"}
        assert "the referral lists a child" in caught.value.message_dict["c1"][0]
        assert fresh(referral).checklist.answers == {}

    def test_not_pregnant_is_refused_while_an_unborn_child_is_listed(self, cast) -> None:
        unborn = {"role": PartyRole.CHILD, "expected_due_date": timezone.localdate() + timedelta(days=90)}
        referral = draft_referral(cast.practitioner, cast.area, yes_answers=None, children=[unborn])
        with pytest.raises(ValidationError) as caught:
            services.referral_checklist_save(user=cast.practitioner, referral=referral, answers={"q9": "no"})
        assert set(caught.value.message_dict) == {"q9"}
        services.referral_checklist_save(user=cast.practitioner, referral=referral, answers={"q9": "yes"})
        assert fresh(referral).checklist.answers == {"q9": "yes"}

    def test_a_child_added_after_the_answers_holds_the_referral_back_until_one_changes(self) -> None:
        cast = daq_cast()
        referral = draft_referral(cast.practitioner, cast.area, answers=checklist_answers(15, extra={"c1": "no"}))
        assert "checklist" not in services.referral_problems(fresh(referral))
        child = dict(CHILD)
        services.referral_person_save(
            user=cast.practitioner, referral=fresh(referral), role=child.pop("role"), data=child
        )
        problems = services.referral_problems(fresh(referral))
        assert problems["checklist"].startswith("Question 25 says no children live in or stay in the household")
        with pytest.raises(ValidationError):
            services.referral_mark_ready(user=cast.practitioner, referral=fresh(referral))

    def test_a_stale_version_raises_and_changes_nothing(self, cast) -> None:
        referral = draft_referral(cast.practitioner, cast.area, yes_answers=None)
        loaded = referral.version
        services.referral_update(user=cast.representative, referral=referral, data={"reason": "Changed meanwhile"})
        with pytest.raises(StaleVersionError):
            services.referral_checklist_save(
                user=cast.practitioner,
                referral=fresh(referral),
                answers={"q1": "yes"},
                notes={"q1": "Cut lip"},
                expected_version=loaded,
            )
        checklist = fresh(referral).checklist
        assert (checklist.answers, checklist.notes) == ({}, {})
