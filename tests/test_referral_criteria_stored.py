"""The MARAC criteria stored on a referral as it is filled in: visible high risk,
potential escalation and professional judgement, with each area's own thresholds."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.models import ReferralStatus
from cases.referrals import services
from tests.referral_helpers import (
    checklist_answers,
    draft_referral,
    fresh,
)

pytestmark = pytest.mark.django_db


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
