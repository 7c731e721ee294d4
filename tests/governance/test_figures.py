"""Governance: every figure, worked out by hand from the hand-built data set.

Each expected value is worked out in a comment from the table of cases in
tests/governance/world.py. Also: suppression ("fewer than 5") and the
``percent`` rules, an empty quarter and two areas together.
"""

from __future__ import annotations

from datetime import date

import pytest

from governance.figures import Figure, Figures, governance_figures, percent
from tests.governance.world import FEWER, HEALTH, HOUSING, POLICE, Q3_END, Q3_START, SCHOOL, World

pytestmark = pytest.mark.django_db


def unsuppressed(n: int) -> Figure:
    return Figure(n, suppress=False)


# --- Suppression and percentages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "suppress", "display", "suppressed"),
    [
        (0, True, "0", False),
        (1, True, FEWER, True),
        (4, True, FEWER, True),
        (5, True, "5", False),
        (1234, True, "1,234", False),
        (3, False, "3", False),
        (0, False, "0", False),
    ],
)
def test_figure_suppresses_counts_from_1_to_4(value: int, suppress: bool, display: str, suppressed: bool) -> None:
    figure = Figure(value, suppress=suppress)
    assert figure.display == display
    assert str(figure) == display
    assert figure.suppressed is suppressed


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (0, 0, "none"),  # nothing to divide
        (0, 4, "not shown (base fewer than 5)"),
        (3, 4, "not shown (base fewer than 5)"),
        (4, 4, "not shown (base fewer than 5)"),
        (0, 5, "0%"),  # a zero is no one: shown
        (1, 5, "not shown (fewer than 5)"),
        (4, 100, "not shown (fewer than 5)"),
        (5, 5, "100%"),
        (5, 12, "42%"),  # 41.7
        (7, 12, "58%"),  # 58.3
        (6, 12, "50%"),
        (5, 11, "45%"),  # 45.45
        (200, 300, "67%"),
    ],
)
def test_percent_rules(part: int, whole: int, shown: str) -> None:
    assert percent(part, whole) == shown


# --- Every figure, by hand ------------------------------------------------------------------------------


def test_period_and_areas(world: World, figures: Figures) -> None:
    assert figures.areas == [world.area]
    assert (figures.start, figures.end) == (Q3_START, Q3_END)


def test_volumes(figures: Figures) -> None:
    # Held in Q3: M1 and M2 (M0 is in June, MX was cancelled, MB is another area's).
    assert figures.meetings_held == unsuppressed(2)
    # Agenda items at held Q3 meetings: C1..C8 at M1, C9..C12 at M2.
    assert figures.cases_heard == Figure(12)
    # The latest received referral sent on or before the meeting is a repeat for C3, C4, C6
    # (3 Jul, not the 20 Jul one after M1), C8 and C9; C12 has no referral.
    assert figures.repeats == Figure(5)
    assert figures.repeat_rate == "42%"  # 5 / 12 = 41.7%
    # Children of the 12 cases: C1 2, C4 1, C6 1, C8 2, C9 1 (C13, C14 and B1 not heard in Q3).
    assert figures.children == Figure(7)
    # 50,000 / 10,000 * 40 a year * 92 days / 365 = 50.4
    assert figures.expected_cases == round(50_000 / 10_000 * 40 * 92 / 365) == 50


def test_referrals_by_agency(figures: Figures) -> None:
    # Received, sent in Q3 by the London date: police C2 (1 Jul 00:30 BST), C5, C6 (3 Jul),
    # C6 (20 Jul), C8, C9, C13 (1 Sep; its meeting was cancelled), C15 (30 Sep 23:30 BST) = 8;
    # housing C3, C10 = 2; health C4, C11 = 2; school C7 = 1. Not: C1 (30 Jun 23:30), C6 (1 Jun),
    # C14 (2 Jun), C16 (1 Oct 00:30 BST), the submitted and the returned referral, the other area's.
    assert figures.referrals_total == Figure(13)
    assert dict(figures.referrals_by_agency) == {
        POLICE: Figure(8),
        HOUSING: Figure(2),
        HEALTH: Figure(2),
        SCHOOL: Figure(1),
    }
    # Largest first.
    assert figures.referrals_by_agency[0][0] == POLICE
    assert [f.value for _, f in figures.referrals_by_agency] == sorted(
        (f.value for _, f in figures.referrals_by_agency), reverse=True
    )
    assert figures.police_share == "62%"  # 8 / 13 = 61.5%


def test_referrals_by_agency_ties_are_in_a_stable_order(figures: Figures) -> None:
    """Housing and health both referred 2: the page, the PDF and the API list them in one order."""
    assert [name for name, _ in figures.referrals_by_agency] == [POLICE, HEALTH, HOUSING, SCHOOL]


def test_days_from_referral_to_meeting(figures: Figures) -> None:
    # M1 (15 Jul): C1 15 (30 Jun), C2 14 (1 Jul, London date), C3 10, C4 7, C5 5, C6 12 (3 Jul),
    # C7 2, C8 1; M2 (19 Aug): C9 14, C10 9, C11 7; C12 has no referral.
    # Sorted: 1 2 5 7 7 9 10 12 14 14 15 -> median 9; mean 96 / 11 = 8.7
    assert figures.days_to_meeting_median == 9.0
    assert figures.days_to_meeting_mean == 8.7


def test_attendance_by_agency(figures: Figures) -> None:
    # Invited to M1 and M2: police, housing, health (sorted by name).
    assert figures.attendance == [
        {
            "agency": HEALTH,  # M1 apologies, M2 nothing recorded
            "invited": 2,
            "present": unsuppressed(0),
            "partial": unsuppressed(0),
            "deputy": unsuppressed(0),
            "apologies": unsuppressed(1),
            "absent": unsuppressed(0),
            "not_recorded": unsuppressed(1),
        },
        {
            "agency": HOUSING,  # M1 partial, M2 apologies
            "invited": 2,
            "present": unsuppressed(0),
            "partial": unsuppressed(1),
            "deputy": unsuppressed(0),
            "apologies": unsuppressed(1),
            "absent": unsuppressed(0),
            "not_recorded": unsuppressed(0),
        },
        {
            "agency": POLICE,  # present at both (absent at the cancelled meeting does not count)
            "invited": 2,
            "present": unsuppressed(2),
            "partial": unsuppressed(0),
            "deputy": unsuppressed(0),
            "apologies": unsuppressed(0),
            "absent": unsuppressed(0),
            "not_recorded": unsuppressed(0),
        },
    ]
    # Absent + apologies + not recorded >= 2: health (1 + 1); housing has 1.
    assert figures.missing_repeatedly == [HEALTH]


def test_actions_by_agency(figures: Figures) -> None:
    # Agreed (created) in Q3, status as recorded; overdue = outstanding and due before 30 Sep.
    assert figures.actions_by_agency == [
        {
            "agency": HEALTH,  # X1 superseded, X2 open due 23 Sep
            "agreed": unsuppressed(2),
            "on_time": unsuppressed(0),
            "late": unsuppressed(0),
            "outstanding": unsuppressed(1),
            "overdue": unsuppressed(1),
            "not_completed": unsuppressed(0),
        },
        {
            "agency": HOUSING,  # H1 on time, H2 open due 15 Aug, H3 open due 25 Sep
            "agreed": unsuppressed(3),
            "on_time": unsuppressed(1),
            "late": unsuppressed(0),
            "outstanding": unsuppressed(2),
            "overdue": unsuppressed(2),
            "not_completed": unsuppressed(0),
        },
        {
            # A1 on time; A2 late (closed 23 Jul 00:30 BST, due 22 Jul); A3 late;
            # A4 open due 1 Sep (overdue); A5 in progress due 15 Oct; A6 not completed.
            # Not O1 (agreed in June) or O2 (agreed in October).
            "agency": POLICE,
            "agreed": unsuppressed(6),
            "on_time": unsuppressed(1),
            "late": unsuppressed(2),
            "outstanding": unsuppressed(2),
            "overdue": unsuppressed(1),
            "not_completed": unsuppressed(1),
        },
    ]
    # The area's outstanding actions due before 30 Sep, whenever agreed: O1 (20 Jun) is the oldest.
    assert figures.oldest_overdue == date(2026, 6, 20)
    # Due more than 7 days before 30 Sep (before 23 Sep): O1, H2 (15 Aug), A4 (1 Sep).
    # Not X2 (23 Sep, exactly 7 days) or H3 (25 Sep); not the other area's B1.
    assert figures.persistent_overdue == unsuppressed(3)


def test_victims_profile(figures: Figures) -> None:
    assert figures.profile == {
        # Women: C1, C2, C4, C5, C6, C9, C10, C11, C12; man C3; C7 prefers not to say; C8 blank.
        "Gender": [
            ("Woman or girl", Figure(9)),
            ("Man or boy", Figure(1)),
            ("Non-binary", Figure(0)),
            ("Another gender", Figure(0)),
            ("Prefer not to say", Figure(1)),
            ("Not recorded", Figure(1)),
        ],
        # At the meeting: C2 17, C11 16; C1 30, C4 34 (35 the next day), C5 28, C6 32, C9 26;
        # C3 40; C8 45; C10 56; C12 66; C7 no date of birth. No one under 16: row left out.
        "Age": [
            ("16 or 17", Figure(2)),
            ("18 to 24", Figure(0)),
            ("25 to 34", Figure(5)),
            ("35 to 44", Figure(1)),
            ("45 to 54", Figure(1)),
            ("55 to 64", Figure(1)),
            ("65 or over", Figure(1)),
            ("Not recorded", Figure(1)),
        ],
        # Yes C2, C8; prefer not C4; blank C7; no: the other 8.
        "Black or minoritised": [
            ("Yes", Figure(2)),
            ("No", Figure(8)),
            ("Prefer not to say", Figure(1)),
            ("Not recorded", Figure(1)),
        ],
        # Yes C3; prefer not C6; blank C7; no: 9.
        "LGBT+": [("Yes", Figure(1)), ("No", Figure(9)), ("Prefer not to say", Figure(1)), ("Not recorded", Figure(1))],
        # Yes C4, C10; blank C7; no: 9.
        "Disabled": [
            ("Yes", Figure(2)),
            ("No", Figure(9)),
            ("Prefer not to say", Figure(0)),
            ("Not recorded", Figure(1)),
        ],
    }
    for group, rows in figures.profile.items():
        if group != "Age":
            assert sum(f.value for _, f in rows) == 12, group
    assert [f.display for _, f in figures.profile["Gender"]] == ["9", FEWER, "0", "0", FEWER, FEWER]


def test_persons_causing_harm_aged_17_or_under(figures: Figures) -> None:
    # P1 (C2) is 17 at M1; P2 (C5) is 17 at M1 on 15 Jul (18 from 1 Aug, before the quarter
    # ends): aged at the meeting, as the victims are and as the data return counts them.
    # Not P3 (adult), P4 (no date of birth), P5 (C14, heard only in Q2), P6 (another area).
    assert figures.perpetrators_17_or_under == Figure(2)
    assert figures.perpetrators_17_or_under.display == FEWER


def test_safe_and_together_practice(figures: Figures) -> None:
    assert figures.practice == {
        # Strengths in the survivor's voice: C1, C2, C3, C9, C10; a current protective research
        # entry: C11 (C12's was withdrawn, C5's superseded) -> 6 / 12.
        "Cases with the survivor's strengths recorded": "50%",
        # Cases with children: C1, C4, C6, C8, C9 (5); children's voice on C1, C4 (2).
        "Cases with children where the children's voice was recorded": "not shown (fewer than 5)",
        # Items with an action for the person causing harm: C1 (A1), C2 (A2), C3 (A3), C9 (A4),
        # C10 (A6) -> 5 / 12.
        "Cases with at least one action addressing the person causing harm": "42%",
    }


def test_actions_by_focus(figures: Figures) -> None:
    # Agreed in Q3 (11): perpetrator A1 A2 A3 A4 A6; survivor A5 H1 X1; child H2; family H3;
    # professionals X2.
    assert figures.actions_by_focus == [
        ("The survivor", unsuppressed(3), "not shown (fewer than 5)"),
        ("The children", unsuppressed(1), "not shown (fewer than 5)"),
        ("The person causing harm", unsuppressed(5), "45%"),  # 5 / 11 = 45.5%
        ("The family", unsuppressed(1), "not shown (fewer than 5)"),
        ("Professionals' safety", unsuppressed(1), "not shown (fewer than 5)"),
    ]


def test_language_prompts(figures: Figures) -> None:
    # Raised in Q3 (London dates): 10 Jul, 14 Jul, 1 Aug, 18 Aug, 30 Sep 23:30 = 5;
    # reframed: 3. Not 30 Jun 23:30, 1 Oct 00:30 BST, or the other area's.
    assert figures.language_raised == unsuppressed(5)
    assert figures.language_reframed == unsuppressed(3)


def test_referral_feedback(figures: Figures) -> None:
    # Judged inappropriate, recorded in Q3: C3 and C10 (housing), C7 (school).
    assert figures.inappropriate_by_agency == [(HOUSING, Figure(2)), (SCHOOL, Figure(1))]
    assert [f.display for _, f in figures.inappropriate_by_agency] == [FEWER, FEWER]
    # Feedback sent: C3 and C7.
    assert figures.feedback_sent == unsuppressed(2)


def test_no_meetings_no_cases(world: World) -> None:
    """A quarter with nothing in it: zeros, 'none' and no median, never an error."""
    empty = governance_figures(areas=[world.area], start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert empty.meetings_held == unsuppressed(0)
    assert empty.cases_heard == Figure(0)
    assert empty.repeat_rate == "none"
    assert empty.police_share == "none"
    assert empty.days_to_meeting_median is None
    assert empty.days_to_meeting_mean is None
    assert empty.attendance == []
    assert empty.actions_by_agency == []
    assert empty.expected_cases == round(5 * 40 * 90 / 365)  # 90 days in 2025-Q1


def test_two_areas_add_up(world: World) -> None:
    both = governance_figures(areas=[world.area, world.other_area], start=Q3_START, end=Q3_END)
    assert both.meetings_held == unsuppressed(3)
    assert both.cases_heard == Figure(13)  # and B1
    assert both.repeats == Figure(6)
    assert both.children == Figure(10)
    assert both.referrals_total == Figure(14)
    # (50,000 + 90,000) / 10,000 * 40 * 92 / 365 = 141.2
    assert both.expected_cases == 141
