"""Referral criteria (cases/criteria.py). Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.referrals.checklists import CHECKLIST_DIR, load_instrument, score
from cases.referrals.criteria import (
    RATIONALE_REQUIRED,
    Criteria,
    Reason,
    Thresholds,
    add_months,
    compute_criteria,
    criteria_errors,
    is_repeat_date,
)

DEFAULT = Thresholds()
# No example database (Hypothesis's own .hypothesis/ folder ignores itself in git).
no_db = settings(database=None, max_examples=200)


def criteria(
    *,
    score: int = 0,
    callouts: int | None = None,
    professional_judgement: bool = False,
    rationale: str = "",
    is_repeat: bool = False,
    thresholds: Thresholds = DEFAULT,
) -> Criteria:
    return compute_criteria(
        score=score,
        callouts=callouts,
        professional_judgement=professional_judgement,
        rationale=rationale,
        is_repeat=is_repeat,
        thresholds=thresholds,
    )


# --- thresholds --------------------------------------------------------------


def test_default_thresholds_are_safelives() -> None:
    assert (DEFAULT.visible_high_risk, DEFAULT.escalation_callouts, DEFAULT.escalation_window_months) == (14, 3, 12)


def test_thresholds_for_area_reads_area_settings() -> None:
    @dataclass
    class Area:
        visible_high_risk_threshold: int = 17
        escalation_callouts: int = 5
        escalation_window_months: int = 6

    assert Thresholds.for_area(Area()) == Thresholds(
        visible_high_risk=17, escalation_callouts=5, escalation_window_months=6
    )


@pytest.mark.parametrize("field", ["visible_high_risk", "escalation_callouts", "escalation_window_months"])
def test_thresholds_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Thresholds(**{field: 0})


# --- visible high risk -------------------------------------------------------


def test_13_yes_answers_is_below_threshold() -> None:
    result = criteria(score=13)
    assert result.reasons == frozenset()
    assert not result.meets_threshold
    assert result.offer_professional_judgement


def test_14_yes_answers_is_visible_high_risk() -> None:
    result = criteria(score=14)
    assert result.reasons == {Reason.VISIBLE_HIGH_RISK}
    assert result.meets_threshold
    assert not result.offer_professional_judgement


def test_dont_know_answers_are_not_counted_as_yes() -> None:
    dash = load_instrument(CHECKLIST_DIR / "dash-plain-words-v1.json")
    answers = {f"q{n}": "yes" for n in range(1, 14)} | {f"q{n}": "dont_know" for n in range(14, 25)}
    result = criteria(score=score(dash, answers))
    assert result.score == 13
    assert Reason.VISIBLE_HIGH_RISK not in result.reasons
    answers["q14"] = "yes"
    assert Reason.VISIBLE_HIGH_RISK in criteria(score=score(dash, answers)).reasons


# --- potential escalation ----------------------------------------------------


def test_2_callouts_is_not_escalation() -> None:
    assert Reason.POTENTIAL_ESCALATION not in criteria(callouts=2).reasons


def test_3_callouts_is_escalation() -> None:
    result = criteria(callouts=3)
    assert result.reasons == {Reason.POTENTIAL_ESCALATION}
    assert result.meets_threshold


def test_unknown_callouts_give_no_reason() -> None:
    result = criteria(callouts=None)
    assert result.reasons == frozenset()
    assert result.callouts is None


# --- custom thresholds -------------------------------------------------------


def test_area_threshold_of_17_yes_answers() -> None:
    area = Thresholds(visible_high_risk=17, escalation_callouts=5)
    assert Reason.VISIBLE_HIGH_RISK not in criteria(score=16, thresholds=area).reasons
    assert Reason.VISIBLE_HIGH_RISK not in criteria(score=14, thresholds=area).reasons
    assert Reason.VISIBLE_HIGH_RISK in criteria(score=17, thresholds=area).reasons


def test_area_threshold_of_5_callouts() -> None:
    area = Thresholds(visible_high_risk=17, escalation_callouts=5)
    assert Reason.POTENTIAL_ESCALATION not in criteria(callouts=3, thresholds=area).reasons
    assert Reason.POTENTIAL_ESCALATION not in criteria(callouts=4, thresholds=area).reasons
    assert Reason.POTENTIAL_ESCALATION in criteria(callouts=5, thresholds=area).reasons


# --- professional judgement --------------------------------------------------


def test_professional_judgement_with_rationale_below_threshold() -> None:
    result = criteria(score=6, professional_judgement=True, rationale="Recent threats with a knife to the children.")
    assert result.reasons == {Reason.PROFESSIONAL_JUDGEMENT}
    assert not result.meets_threshold
    assert result.offer_professional_judgement


@pytest.mark.parametrize("rationale", ["", "   ", "\n\t"])
def test_professional_judgement_without_rationale_gives_no_reason(rationale: str) -> None:
    result = criteria(score=6, professional_judgement=True, rationale=rationale)
    assert result.reasons == frozenset()
    errors = criteria_errors(professional_judgement=True, rationale=rationale, score=6, callouts=None)
    assert errors == {"rationale": RATIONALE_REQUIRED}
    assert RATIONALE_REQUIRED == "Explain your professional judgement: why is this person at high risk of serious harm?"


def test_rationale_without_professional_judgement_is_ignored() -> None:
    assert criteria(score=3, rationale="Some words").reasons == frozenset()


def test_professional_judgement_never_removes_visible_high_risk() -> None:
    result = criteria(score=20, professional_judgement=True, rationale="High risk whatever the score says.")
    assert result.reasons == {Reason.VISIBLE_HIGH_RISK, Reason.PROFESSIONAL_JUDGEMENT}
    assert result.meets_threshold


def test_several_reasons_at_once() -> None:
    result = criteria(
        score=15, callouts=4, professional_judgement=True, rationale="Escalating stalking.", is_repeat=True
    )
    assert result.reasons == set(Reason)
    assert result.sorted_reasons == (
        Reason.VISIBLE_HIGH_RISK,
        Reason.PROFESSIONAL_JUDGEMENT,
        Reason.POTENTIAL_ESCALATION,
        Reason.REPEAT,
    )
    assert result.meets_threshold
    assert not result.offer_professional_judgement


def test_repeat_alone_meets_threshold() -> None:
    result = criteria(score=2, is_repeat=True)
    assert result.reasons == {Reason.REPEAT}
    assert result.meets_threshold


# --- errors: never for being below threshold ---------------------------------


def test_below_threshold_is_never_an_error() -> None:
    assert criteria_errors(professional_judgement=False, rationale="", score=0, callouts=0) == {}
    assert criteria_errors(professional_judgement=False, rationale="", score=13, callouts=None) == {}


def test_negative_numbers_are_errors() -> None:
    errors = criteria_errors(professional_judgement=False, rationale="", score=-1, callouts=-2)
    assert errors == {
        "score": "Number of yes answers must be 0 or more",
        "callouts": "Number of police call-outs must be 0 or more",
    }
    with pytest.raises(ValueError, match="score"):
        criteria(score=-1)
    with pytest.raises(ValueError, match="callouts"):
        criteria(callouts=-1)


# --- reasons -----------------------------------------------------------------


def test_reason_labels_and_values() -> None:
    assert Reason("visible_high_risk") is Reason.VISIBLE_HIGH_RISK
    assert isinstance(Reason.REPEAT, str)
    assert str(Reason.REPEAT) == "repeat"
    assert Reason.POTENTIAL_ESCALATION.label == "Potential escalation"
    assert all(reason.label and reason.label[0].isupper() for reason in Reason)
    area = Thresholds(visible_high_risk=17, escalation_callouts=5, escalation_window_months=6)
    assert "17 or more" in Reason.VISIBLE_HIGH_RISK.describe(area)
    assert "5 or more police call-outs" in Reason.POTENTIAL_ESCALATION.describe(area)
    assert "6 months" in Reason.POTENTIAL_ESCALATION.describe(area)


# --- repeats -----------------------------------------------------------------

LAST = date(2024, 3, 10)
ANNIVERSARY = date(2025, 3, 10)


def test_repeat_the_day_before_the_anniversary() -> None:
    assert is_repeat_date(last_referral=LAST, incident=ANNIVERSARY - timedelta(days=1))


def test_repeat_on_the_anniversary() -> None:
    assert is_repeat_date(last_referral=LAST, incident=ANNIVERSARY)


def test_not_a_repeat_the_day_after_the_anniversary() -> None:
    assert not is_repeat_date(last_referral=LAST, incident=ANNIVERSARY + timedelta(days=1))


def test_repeat_the_day_after_the_last_referral() -> None:
    assert is_repeat_date(last_referral=LAST, incident=LAST + timedelta(days=1))


def test_incident_on_the_last_referral_date_is_not_a_further_incident() -> None:
    assert not is_repeat_date(last_referral=LAST, incident=LAST)


def test_incident_before_the_last_referral_is_not_a_repeat() -> None:
    assert not is_repeat_date(last_referral=LAST, incident=LAST - timedelta(days=1))
    assert not is_repeat_date(last_referral=LAST, incident=date(2020, 1, 1))


def test_leap_day_anniversary_is_28_february() -> None:
    leap = date(2024, 2, 29)
    assert add_months(leap, 12) == date(2025, 2, 28)
    assert is_repeat_date(last_referral=leap, incident=date(2025, 2, 27))
    assert is_repeat_date(last_referral=leap, incident=date(2025, 2, 28))
    assert not is_repeat_date(last_referral=leap, incident=date(2025, 3, 1))


def test_leap_day_anniversary_in_a_leap_year() -> None:
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert is_repeat_date(last_referral=date(2028, 2, 28), incident=date(2029, 2, 28))
    assert not is_repeat_date(last_referral=date(2028, 2, 28), incident=date(2029, 3, 1))


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_repeat_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="window_months"):
        is_repeat_date(last_referral=LAST, incident=LAST, window_months=0)


# --- properties --------------------------------------------------------------

scores = st.integers(min_value=0, max_value=40)
counts = st.one_of(st.none(), st.integers(min_value=0, max_value=30))
thresholds = st.builds(
    Thresholds,
    visible_high_risk=st.integers(min_value=1, max_value=30),
    escalation_callouts=st.integers(min_value=1, max_value=20),
    escalation_window_months=st.integers(min_value=1, max_value=24),
)
rationales = st.sampled_from(["", "  ", "Threats to kill after separation."])


@no_db
@given(
    score=scores,
    extra=st.integers(min_value=0, max_value=20),
    callouts=counts,
    more_callouts=st.integers(min_value=0, max_value=20),
    pj=st.booleans(),
    rationale=rationales,
    repeat=st.booleans(),
    limits=thresholds,
)
def test_raising_score_or_callouts_never_removes_a_reason(
    score: int,
    extra: int,
    callouts: int | None,
    more_callouts: int,
    pj: bool,
    rationale: str,
    repeat: bool,
    limits: Thresholds,
) -> None:
    def run(score: int, callouts: int | None) -> Criteria:
        return criteria(
            score=score,
            callouts=callouts,
            professional_judgement=pj,
            rationale=rationale,
            is_repeat=repeat,
            thresholds=limits,
        )

    before = run(score, callouts)
    higher_score = run(score + extra, callouts)
    more = run(score, None if callouts is None else callouts + more_callouts)
    # An unknown call-out count becoming known never removes a reason either.
    known = run(score, more_callouts) if callouts is None else more
    assert before.reasons <= higher_score.reasons
    assert before.reasons <= more.reasons
    assert before.reasons <= known.reasons
    assert before.meets_threshold <= higher_score.meets_threshold


@no_db
@given(score=scores, callouts=counts, rationale=rationales, repeat=st.booleans(), limits=thresholds)
def test_adding_professional_judgement_never_removes_a_reason(
    score: int, callouts: int | None, rationale: str, repeat: bool, limits: Thresholds
) -> None:
    without = criteria(score=score, callouts=callouts, rationale=rationale, is_repeat=repeat, thresholds=limits)
    with_pj = criteria(
        score=score,
        callouts=callouts,
        professional_judgement=True,
        rationale=rationale,
        is_repeat=repeat,
        thresholds=limits,
    )
    assert without.reasons <= with_pj.reasons
    assert with_pj.reasons - without.reasons <= {Reason.PROFESSIONAL_JUDGEMENT}
    assert with_pj.meets_threshold == without.meets_threshold
    assert (Reason.PROFESSIONAL_JUDGEMENT in with_pj.reasons) == bool(rationale.strip())


@no_db
@given(score=scores, callouts=counts, pj=st.booleans(), rationale=rationales, repeat=st.booleans(), limits=thresholds)
def test_offer_professional_judgement_exactly_when_below_threshold(
    score: int, callouts: int | None, pj: bool, rationale: str, repeat: bool, limits: Thresholds
) -> None:
    result = criteria(
        score=score,
        callouts=callouts,
        professional_judgement=pj,
        rationale=rationale,
        is_repeat=repeat,
        thresholds=limits,
    )
    assert result.offer_professional_judgement is not result.meets_threshold
    assert result.meets_threshold == bool(result.reasons - {Reason.PROFESSIONAL_JUDGEMENT})
    assert criteria_errors(professional_judgement=False, rationale=rationale, score=score, callouts=callouts) == {}


@no_db
@given(last=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), days=st.integers(-400, 800))
def test_repeat_window_is_after_last_referral_and_within_a_year(last: date, days: int) -> None:
    incident = last + timedelta(days=days)
    anniversary = add_months(last, 12)
    assert is_repeat_date(last_referral=last, incident=incident) == (last < incident <= anniversary)
    assert 365 <= (anniversary - last).days <= 366
