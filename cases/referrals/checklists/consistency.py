"""Checklist answers that the people listed on the referral contradict.

"No children in the household" while a child is listed, or "not pregnant and
no baby in the last 18 months" while an unborn child (an expected due date)
or a baby born in the last 18 months is listed: the referrer is asked to
change the answer or the people, never left with both.

Which question asks what is known for the shipped instruments (by key, as an
area's licensed wording of the same instrument keeps the question ids).

Pure module: no database access.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cases.referrals.checklists import Instrument

NO = "no"
CHILD = "child"  # PartyRole.CHILD
# Instrument key -> the question asking whether children live in or stay in the household.
CHILDREN_QUESTION = {"daq": "c1"}
# Instrument key -> the question asking about pregnancy or a baby in the last 18 months.
PREGNANCY_QUESTION = {"dash": "q9", "daq": "q9"}
BABY_MONTHS = 18


@dataclass(frozen=True)
class ListedPerson:
    """What the check needs of a person listed on the referral."""

    role: str
    date_of_birth: date | None = None
    expected_due_date: date | None = None


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 - months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _children(n: int) -> str:
    return "a child" if n == 1 else f"{n} children"


def answer_conflicts(
    instrument: Instrument, answers: Mapping[str, str], people: Sequence[ListedPerson], *, on: date
) -> dict[str, str]:
    """Map question id -> why its answer contradicts the people listed on ``on`` (the referral's date)."""
    conflicts: dict[str, str] = {}
    children = [p for p in people if p.role == CHILD and p.expected_due_date is None]
    qid = CHILDREN_QUESTION.get(instrument.key)
    if qid and answers.get(qid) == NO and children and _has(instrument, qid):
        number = instrument.question(qid).number
        conflicts[qid] = (
            f"Question {number} says no children live in or stay in the household, but the referral lists "
            f"{_children(len(children))} under 'Children and household members': change the answer, "
            "or the children listed"
        )
    qid = PREGNANCY_QUESTION.get(instrument.key)
    if qid and answers.get(qid) == NO and _has(instrument, qid):
        since = months_before(on, BABY_MONTHS)
        unborn = any(p.role == CHILD and p.expected_due_date for p in people)
        baby = any(p.role == CHILD and p.date_of_birth and p.date_of_birth >= since for p in people)
        if unborn or baby:
            listed = "an unborn child with an expected due date" if unborn else "a child born in the last 18 months"
            number = instrument.question(qid).number
            conflicts[qid] = (
                f"Question {number} says no pregnancy and no baby in the last 18 months, but the referral lists "
                f"{listed}: change the answer, or the children listed"
            )
    return conflicts


def _has(instrument: Instrument, qid: str) -> bool:
    return any(q.id == qid for q in instrument.questions)
