"""Risk checklists (DASH, DAQ, ...) held as versioned data files.

Each instrument is a JSON file in this folder: its key, version, source,
licence note and questions. The shipped files word every question in this
project's own plain words (the published DASH wording belongs to SafeLives,
who ask for permission to reproduce it), keeping the published topic order so
that scores compare. An area that holds permission can load the published
wording, or another instrument, as a new version: write a file in the same
format, check it with :func:`validate_instrument_data` and load it with
:func:`load_instrument`. No code change is needed.

Pure module: no database access. Answers recorded against a checklist always
record ``Instrument.ident`` (key and version).

File format (``answers`` may list any of :data:`KNOWN_ANSWERS`, and must list
"yes", since the score counts "yes" answers)::

    {"key": "dash", "version": "plain-words-1", "title": "...", "source": "...",
     "licence_note": "...", "plain_words": true,
     "note": "optional", "scoring_note": "optional",
     "answers": ["yes", "no", "dont_know", "not_asked"],
     "questions": [{"id": "q1", "number": 1, "topic": "...", "text": "...",
                    "hint": "optional", "scored": true, "ask_source": true}, ...]}

Questions are numbered 1, 2, 3... with no gaps, in the order they are asked.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ANSWER_LABELS",
    "CHECKLIST_DIR",
    "KNOWN_ANSWERS",
    "Instrument",
    "InstrumentError",
    "Question",
    "instrument_from_data",
    "load_instrument",
    "score",
    "shipped_instrument",
    "shipped_instruments",
    "validate_answers",
    "validate_instrument_data",
]

CHECKLIST_DIR = Path(__file__).resolve().parent

YES = "yes"
# Every answer value an instrument may offer, in the order they are shown.
ANSWER_LABELS: Mapping[str, str] = {
    "yes": "Yes",
    "no": "No",
    "dont_know": "Don't know",
    "not_asked": "Not asked",
}
KNOWN_ANSWERS: frozenset[str] = frozenset(ANSWER_LABELS)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_REQUIRED_STR_FIELDS = ("key", "version", "title", "source", "licence_note")
_OPTIONAL_STR_FIELDS = ("note", "scoring_note")
_TOP_LEVEL_FIELDS = frozenset({*_REQUIRED_STR_FIELDS, *_OPTIONAL_STR_FIELDS, "plain_words", "answers", "questions"})
_QUESTION_FIELDS = frozenset({"id", "number", "topic", "text", "hint", "scored", "ask_source"})


class InstrumentError(ValueError):
    """A checklist file that cannot be used. ``problems`` lists why, in plain English."""

    def __init__(self, problems: list[str], *, source: str = "") -> None:
        self.problems = list(problems)
        where = f"{source}: " if source else ""
        super().__init__(where + "; ".join(self.problems))


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    topic: str
    text: str
    scored: bool
    ask_source: bool = True
    hint: str = ""


@dataclass(frozen=True)
class Instrument:
    key: str
    version: str
    title: str
    source: str
    licence_note: str
    plain_words: bool
    answers: tuple[str, ...]
    questions: tuple[Question, ...]
    note: str = ""
    scoring_note: str = ""

    @property
    def ident(self) -> str:
        """What answers record: the instrument and its version, e.g. "dash/plain-words-1"."""
        return f"{self.key}/{self.version}"

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)

    @property
    def max_score(self) -> int:
        return len(self.scored_questions)

    @property
    def answer_choices(self) -> tuple[tuple[str, str], ...]:
        """(value, label) pairs for a form, e.g. ("dont_know", "Don't know")."""
        return tuple((value, ANSWER_LABELS[value]) for value in self.answers)

    def question(self, question_id: str) -> Question:
        """The question with this id. Raises KeyError if there is none."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_question(index: int, raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return [f"Question {index + 1} in the list must be an object with id, number, topic, text and scored"]
    where, problems = _question_id_problems(index, raw)
    if "number" not in raw:
        problems.append(f"{where} is missing a number")
    elif not _is_int(raw["number"]) or raw["number"] < 1:
        problems.append(f"{where}: number must be a whole number, 1 or more")
    for field in ("topic", "text"):
        value = raw.get(field)
        if field not in raw:
            problems.append(f"{where} is missing its {field}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: {field} must be some text")
    if "hint" in raw and not isinstance(raw["hint"], str):
        problems.append(f"{where}: hint must be text")
    return problems + _question_flag_problems(where, raw)


def _question_id_problems(index: int, raw: dict[str, Any]) -> tuple[str, list[str]]:
    """How problems name the question (by its id once it has one), and any with its id."""
    qid = raw.get("id")
    if not (isinstance(qid, str) and qid):
        return f"Question {index + 1} in the list", [f"Question {index + 1} in the list is missing an id"]
    where = f"Question {qid!r}"
    if not _SLUG.match(qid):
        return where, [f"{where}: id must use only lower-case letters, digits, '-' and '_'"]
    return where, []


def _question_flag_problems(where: str, raw: dict[str, Any]) -> list[str]:
    problems = []
    if "scored" not in raw:
        problems.append(f"{where} is missing scored (true or false)")
    elif not isinstance(raw["scored"], bool):
        problems.append(f"{where}: scored must be true or false")
    if "ask_source" in raw and not isinstance(raw["ask_source"], bool):
        problems.append(f"{where}: ask_source must be true or false")
    unknown = sorted(set(raw) - _QUESTION_FIELDS)
    if unknown:
        problems.append(f"{where} has unknown fields: {', '.join(unknown)}")
    return problems


def validate_instrument_data(data: object) -> list[str]:
    """Problems with an instrument's data, in plain English; an empty list if it can be loaded."""
    if not isinstance(data, dict):
        return ["The checklist must be a JSON object"]
    problems = _top_level_problems(data) + _answer_problems(data)
    questions = data.get("questions")
    if "questions" not in data:
        return [*problems, "Missing field: questions"]
    if not isinstance(questions, list) or not questions:
        return [*problems, "questions must be a list with at least one question"]
    for index, raw in enumerate(questions):
        problems.extend(_validate_question(index, raw))
    valid = [q for q in questions if isinstance(q, dict)]
    ids = [q["id"] for q in valid if isinstance(q.get("id"), str) and q["id"]]
    for qid in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"Duplicate question id: {qid!r}")
    numbers = [q["number"] for q in valid if _is_int(q.get("number"))]
    if len(numbers) == len(questions):
        problems.extend(_numbering_problems(numbers))
    if not any(q.get("scored") is True for q in valid):
        problems.append("At least one question must be scored")
    return problems


def _top_level_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for field in _REQUIRED_STR_FIELDS:
        if field not in data:
            problems.append(f"Missing field: {field}")
        elif not isinstance(data[field], str) or not data[field].strip():
            problems.append(f"{field} must be some text")
    for field in _OPTIONAL_STR_FIELDS:
        if field in data and not isinstance(data[field], str):
            problems.append(f"{field} must be text")
    key = data.get("key")
    if isinstance(key, str) and key and not _SLUG.match(key):
        problems.append("key must use only lower-case letters, digits, '-' and '_'")
    if "plain_words" not in data:
        problems.append("Missing field: plain_words")
    elif not isinstance(data["plain_words"], bool):
        problems.append("plain_words must be true or false")
    unknown = sorted(set(data) - _TOP_LEVEL_FIELDS)
    if unknown:
        problems.append(f"Unknown fields: {', '.join(unknown)}")
    return problems


def _answer_problems(data: dict[str, Any]) -> list[str]:
    answers = data.get("answers")
    if "answers" not in data:
        return ["Missing field: answers"]
    if not isinstance(answers, list) or not answers:
        return ["answers must be a list of answer values"]
    problems = []
    seen_answers: set[str] = set()
    for value in answers:
        if not isinstance(value, str) or value not in KNOWN_ANSWERS:
            known = ", ".join(ANSWER_LABELS)
            problems.append(f"Unknown answer value {value!r}: use only {known}")
        elif value in seen_answers:
            problems.append(f"Answer value {value!r} is listed more than once")
        else:
            seen_answers.add(value)
    if YES not in answers:
        problems.append("answers must include 'yes': the score counts 'yes' answers")
    return problems


def _numbering_problems(numbers: list[int]) -> list[str]:
    """Questions numbered 1, 2, 3... with no gaps or repeats, listed in order."""
    problems = [f"Duplicate question number: {n}" for n in sorted({n for n in numbers if numbers.count(n) > 1})]
    missing = sorted(set(range(1, len(numbers) + 1)) - set(numbers))
    if missing:
        problems.append(
            f"Questions must be numbered 1 to {len(numbers)} with no gaps: missing {', '.join(str(n) for n in missing)}"
        )
    elif numbers != sorted(numbers):
        problems.append("Questions must be listed in number order")
    return problems


def instrument_from_data(data: object, *, source: str = "") -> Instrument:
    """Build an Instrument from parsed JSON. Raises InstrumentError if it does not validate."""
    problems = validate_instrument_data(data)
    if problems:
        raise InstrumentError(problems, source=source)
    assert isinstance(data, dict)
    d: dict[str, Any] = data
    return Instrument(
        key=d["key"],
        version=d["version"],
        title=d["title"],
        source=d["source"],
        licence_note=d["licence_note"],
        plain_words=d["plain_words"],
        answers=tuple(d["answers"]),
        questions=tuple(
            Question(
                id=q["id"],
                number=q["number"],
                topic=q["topic"],
                text=q["text"],
                scored=q["scored"],
                ask_source=q.get("ask_source", True),
                hint=q.get("hint", ""),
            )
            for q in d["questions"]
        ),
        note=d.get("note", ""),
        scoring_note=d.get("scoring_note", ""),
    )


def load_instrument(path: str | Path) -> Instrument:
    """Read and validate one checklist file. Raises InstrumentError if it cannot be used."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InstrumentError([f"Not valid JSON (line {exc.lineno}, column {exc.colno})"], source=path.name) from exc
    return instrument_from_data(data, source=path.name)


@functools.cache
def _shipped() -> tuple[Instrument, ...]:
    instruments = tuple(load_instrument(p) for p in sorted(CHECKLIST_DIR.glob("*.json")))
    seen: set[str] = set()
    for instrument in instruments:
        if instrument.ident in seen:
            raise InstrumentError([f"Two files define {instrument.ident}"], source=str(CHECKLIST_DIR))
        seen.add(instrument.ident)
    return instruments


def shipped_instruments() -> list[Instrument]:
    """Every checklist file in this folder, sorted by file name."""
    return list(_shipped())


def shipped_instrument(key: str, version: str | None = None) -> Instrument:
    """The shipped instrument with this key (and version, if given; otherwise the last by file name).

    Raises LookupError if there is none.
    """
    matches = [i for i in _shipped() if i.key == key and (version is None or i.version == version)]
    if not matches:
        raise LookupError(f"No shipped checklist {key!r}" + (f" version {version!r}" if version else ""))
    return matches[-1]


def score(instrument: Instrument, answers: Mapping[str, str]) -> int:
    """The number of "yes" answers to scored questions. Nothing else ever counts."""
    return sum(1 for q in instrument.scored_questions if answers.get(q.id) == YES)


def _or_list(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def validate_answers(instrument: Instrument, answers: Mapping[str, str]) -> dict[str, str]:
    """Map question id -> error message for unknown questions and impossible answers.

    Unanswered questions are not errors: an assessment recorded from another
    system may hold only the answers that are known.
    """
    choices = _or_list([ANSWER_LABELS[v].lower() for v in instrument.answers])
    by_id = {q.id: q for q in instrument.questions}
    errors: dict[str, str] = {}
    for qid, value in answers.items():
        question = by_id.get(qid)
        if question is None:
            errors[str(qid)] = f"Question {qid!r} is not on this checklist"
        elif value not in instrument.answers:
            errors[qid] = f"Select {choices} for question {question.number}"
    return errors
