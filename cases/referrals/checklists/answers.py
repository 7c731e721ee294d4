"""What a referrer records beside each checklist answer, and the running score.

Beside each answer the published checklist asks who gave it: the victim, a
third party (family, a friend, a neighbour) or a professional. A note holds
what the hints ask for ("note what it was", "in their own words").

Pure module: no database access.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cases.referrals.checklists import Instrument, Question, score

# Who gave an answer, in the order they are offered.
SOURCE_LABELS: Mapping[str, str] = {
    "victim": "The victim",
    "third_party": "A third party, such as family, a friend or a neighbour",
    "professional": "A professional, such as a police officer or health visitor",
}
SOURCE_SHORT_LABELS: Mapping[str, str] = {
    "victim": "The victim",
    "third_party": "A third party",
    "professional": "A professional",
}
# As the checklist page's note boxes take.
MAX_NOTE_LENGTH = 2000


def _questions(instrument: Instrument) -> dict[str, Question]:
    return {q.id: q for q in instrument.questions}


def validate_sources(instrument: Instrument, sources: Mapping[str, object]) -> dict[str, str]:
    """Map ``source_<question id>`` -> error message for sources given to unknown questions, to
    questions that ask for none, or that are not one of :data:`SOURCE_LABELS`. Blank is no source."""
    by_id = _questions(instrument)
    errors: dict[str, str] = {}
    for qid, value in sources.items():
        if value == "":
            continue
        question = by_id.get(qid)
        if question is None or not question.ask_source:
            errors[f"source_{qid}"] = f"Question {qid!r} on this checklist takes no source"
        elif value not in SOURCE_LABELS:
            errors[f"source_{qid}"] = (
                f"Select who gave the answer to question {question.number}: the victim, a third party or a professional"
            )
    return errors


def validate_notes(instrument: Instrument, notes: Mapping[str, object]) -> dict[str, str]:
    """Map ``note_<question id>`` -> error message for notes on unknown questions, or too long."""
    by_id = _questions(instrument)
    errors: dict[str, str] = {}
    for qid, value in notes.items():
        if value == "":
            continue
        question = by_id.get(qid)
        if question is None:
            errors[f"note_{qid}"] = f"Question {qid!r} is not on this checklist"
        elif not isinstance(value, str) or len(value) > MAX_NOTE_LENGTH:
            errors[f"note_{qid}"] = (
                f"The note on question {question.number} must be {MAX_NOTE_LENGTH} characters or fewer"
            )
    return errors


def number_ranges(numbers: tuple[int, ...]) -> str:
    """(1, 2, 3, 5) -> "1 to 3 and 5": how the page names a set of questions."""
    runs: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    parts = [str(a) if a == b else f"{a} and {b}" if b == a + 1 else f"{a} to {b}" for a, b in runs]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True)
class RunningScore:
    """The score so far beside the area's threshold, and which questions count."""

    score: int
    max_score: int
    threshold: int
    scored_numbers: tuple[int, ...]
    unscored_numbers: tuple[int, ...]

    @property
    def meets_threshold(self) -> bool:
        return self.score >= self.threshold

    @property
    def sentence(self) -> str:
        """What the page says (static/js/checklist_score.js says the same as answers change)."""
        if self.meets_threshold:
            where = f"This meets the area's threshold of {self.threshold} for visible high risk."
        else:
            where = f"This is below the area's threshold of {self.threshold}."
        return f"Score so far: {self.score} out of {self.max_score}. {where}"

    @property
    def counted(self) -> str:
        return number_ranges(self.scored_numbers)

    @property
    def not_counted(self) -> str:
        return number_ranges(self.unscored_numbers) if self.unscored_numbers else ""


def running_score(instrument: Instrument, answers: Mapping[str, str], threshold: int) -> RunningScore:
    return RunningScore(
        score=score(instrument, answers),
        max_score=instrument.max_score,
        threshold=threshold,
        scored_numbers=tuple(q.number for q in instrument.scored_questions),
        unscored_numbers=tuple(q.number for q in instrument.questions if not q.scored),
    )
