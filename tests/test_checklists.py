"""Risk checklists as versioned data files (cases/referrals/checklists). Pure: no database."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from cases.referrals.checklists import (
    CHECKLIST_DIR,
    Instrument,
    InstrumentError,
    load_instrument,
    score,
    shipped_instrument,
    shipped_instruments,
    validate_answers,
    validate_instrument_data,
)

# docs/domain.md, "The risk checklist (DASH)": one keyword from each topic, in order.
DASH_TOPIC_KEYWORDS = [
    "injury",
    "frightened",
    "afraid",
    "isolated",
    "suicidal",
    "separate",
    "child contact",
    "stalking",
    "pregnant",
    "more often",
    "worse",
    "control",
    "weapons",
    "threats to kill",
    "strangling",
    "sexual",
    "someone else",
    "hurt anyone else",
    "animal",
    "financial",
    "drugs",
    "suicide",
    "bail",
    "police",
]

DASH_FILE = CHECKLIST_DIR / "dash-plain-words-v1.json"
DAQ_FILE = CHECKLIST_DIR / "daq-plain-words-v1.json"


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def dash() -> Instrument:
    return load_instrument(DASH_FILE)


@pytest.fixture
def daq() -> Instrument:
    return load_instrument(DAQ_FILE)


# --- shipped files -----------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CHECKLIST_DIR.glob("*.json")), ids=lambda p: p.name)
def test_shipped_files_validate_with_no_problems(path: Path) -> None:
    assert validate_instrument_data(raw(path)) == []


def test_shipped_instruments_lists_dash_and_daq() -> None:
    idents = {i.ident for i in shipped_instruments()}
    assert idents == {"dash/plain-words-1", "daq/plain-words-1"}
    assert shipped_instrument("dash").ident == "dash/plain-words-1"
    assert shipped_instrument("daq", "plain-words-1").key == "daq"
    with pytest.raises(LookupError):
        shipped_instrument("dara")


@pytest.mark.parametrize("path", [DASH_FILE, DAQ_FILE], ids=lambda p: p.name)
def test_shipped_files_are_labelled_plain_words(path: Path) -> None:
    instrument = load_instrument(path)
    assert instrument.plain_words is True
    assert instrument.version == "plain-words-1"
    assert "plain words" in instrument.licence_note.lower()
    assert "SafeLives" in instrument.licence_note
    assert "permission" in instrument.licence_note
    assert instrument.answers == ("yes", "no", "dont_know", "not_asked")
    assert all(q.ask_source for q in instrument.questions)


def test_dash_has_24_scored_questions_in_domain_topic_order(dash: Instrument) -> None:
    assert dash.key == "dash"
    assert len(dash.questions) == 24
    assert dash.max_score == 24
    assert [q.id for q in dash.questions] == [f"q{n}" for n in range(1, 25)]
    assert [q.number for q in dash.questions] == list(range(1, 25))
    for question, keyword in zip(dash.questions, DASH_TOPIC_KEYWORDS, strict=True):
        assert keyword in question.topic.lower(), (question.number, question.topic)
        assert question.scored
        assert question.text.strip().endswith("?")


def test_daq_is_dash_plus_three_unscored_child_questions(dash: Instrument, daq: Instrument) -> None:
    assert daq.key == "daq"
    assert daq.questions[:24] == dash.questions
    children = daq.questions[24:]
    assert [q.id for q in children] == ["c1", "c2", "c3"]
    assert [q.number for q in children] == [25, 26, 27]
    assert not any(q.scored for q in children)
    assert all("child" in q.topic.lower() for q in children)
    assert daq.max_score == 24
    assert "Police Scotland" in daq.licence_note
    assert "not counted" in daq.scoring_note


def test_child_questions_are_distinct_from_dash_topics(daq: Instrument) -> None:
    texts = [q.text for q in daq.questions]
    topics = [q.topic for q in daq.questions]
    assert len(set(texts)) == len(texts)
    assert len(set(topics)) == len(topics)


def test_question_lookup(dash: Instrument) -> None:
    assert dash.question("q15").number == 15
    with pytest.raises(KeyError):
        dash.question("q25")
    assert dash.answer_choices[2] == ("dont_know", "Don't know")


# --- validator ---------------------------------------------------------------


def valid_data() -> dict[str, Any]:
    return copy.deepcopy(raw(DASH_FILE))


def test_validator_catches_missing_fields() -> None:
    data = valid_data()
    del data["licence_note"]
    del data["questions"][3]["text"]
    problems = validate_instrument_data(data)
    assert "Missing field: licence_note" in problems
    assert "Question 'q4' is missing its text" in problems


def test_validator_catches_duplicate_ids() -> None:
    data = valid_data()
    data["questions"][1]["id"] = "q1"
    assert "Duplicate question id: 'q1'" in validate_instrument_data(data)


def test_validator_catches_unknown_answer_values() -> None:
    data = valid_data()
    data["answers"] = ["yes", "no", "maybe"]
    problems = validate_instrument_data(data)
    assert any("Unknown answer value 'maybe'" in p for p in problems)


def test_validator_requires_yes_among_answers() -> None:
    data = valid_data()
    data["answers"] = ["no", "dont_know"]
    assert any("must include 'yes'" in p for p in validate_instrument_data(data))


def test_validator_catches_numbering_gaps() -> None:
    data = valid_data()
    data["questions"][-1]["number"] = 26
    problems = validate_instrument_data(data)
    assert "Questions must be numbered 1 to 24 with no gaps: missing 24" in problems


def test_validator_catches_duplicate_numbers_and_order() -> None:
    data = valid_data()
    data["questions"][1]["number"] = 1
    assert "Duplicate question number: 1" in validate_instrument_data(data)
    data = valid_data()
    data["questions"][0], data["questions"][1] = data["questions"][1], data["questions"][0]
    assert "Questions must be listed in number order" in validate_instrument_data(data)


def test_validator_catches_wrong_types_and_unknown_fields() -> None:
    data = valid_data()
    data["plain_words"] = "yes"
    data["questions"][0]["scored"] = "true"
    data["questions"][1]["number"] = True
    data["questions"][2]["hnit"] = "typo"
    data["quesitons"] = []
    problems = validate_instrument_data(data)
    assert "plain_words must be true or false" in problems
    assert "Question 'q1': scored must be true or false" in problems
    assert "Question 'q2': number must be a whole number, 1 or more" in problems
    assert "Question 'q3' has unknown fields: hnit" in problems
    assert "Unknown fields: quesitons" in problems


def test_validator_rejects_non_objects() -> None:
    assert validate_instrument_data([]) == ["The checklist must be a JSON object"]
    data = valid_data()
    data["questions"] = []
    assert "questions must be a list with at least one question" in validate_instrument_data(data)


def test_validator_needs_a_scored_question() -> None:
    data = valid_data()
    for q in data["questions"]:
        q["scored"] = False
    assert "At least one question must be scored" in validate_instrument_data(data)


def test_an_area_can_load_another_wording_as_a_new_version(tmp_path: Path) -> None:
    """No code change: a new file in the same format loads as a new version."""
    data = valid_data()
    data["version"] = "published-2009"
    data["plain_words"] = False
    data["licence_note"] = "Reproduced with permission (example)."
    data["questions"][0]["text"] = "Published wording of question 1?"
    path = tmp_path / "dash-published.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    instrument = load_instrument(path)
    assert instrument.ident == "dash/published-2009"
    assert instrument.questions[0].text == "Published wording of question 1?"
    assert instrument.plain_words is False


def test_load_instrument_raises_with_problems(tmp_path: Path) -> None:
    data = valid_data()
    data["questions"][1]["id"] = "q1"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InstrumentError) as excinfo:
        load_instrument(path)
    assert excinfo.value.problems == ["Duplicate question id: 'q1'"]
    assert "bad.json" in str(excinfo.value)

    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InstrumentError, match="Not valid JSON"):
        load_instrument(path)


# --- scoring and answers -----------------------------------------------------


def test_score_counts_only_yes(dash: Instrument) -> None:
    answers = {"q1": "yes", "q2": "yes", "q3": "dont_know", "q4": "no", "q5": "not_asked"}
    assert score(dash, answers) == 2
    assert score(dash, {}) == 0
    assert score(dash, {f"q{n}": "yes" for n in range(1, 25)}) == 24


def test_dont_know_never_counts(dash: Instrument) -> None:
    assert score(dash, {f"q{n}": "dont_know" for n in range(1, 25)}) == 0


def test_score_ignores_child_questions(daq: Instrument) -> None:
    answers = {f"q{n}": "yes" for n in range(1, 14)} | {"c1": "yes", "c2": "yes", "c3": "yes"}
    assert score(daq, answers) == 13


def test_validate_answers_accepts_good_answers(daq: Instrument) -> None:
    assert validate_answers(daq, {"q1": "yes", "q2": "no", "q3": "dont_know", "c1": "not_asked"}) == {}
    assert validate_answers(daq, {}) == {}


def test_validate_answers_rejects_impossible_values(dash: Instrument) -> None:
    errors = validate_answers(dash, {"q5": "maybe", "q6": "yes", "q7": ""})
    assert errors == {
        "q5": "Select yes, no, don't know or not asked for question 5",
        "q7": "Select yes, no, don't know or not asked for question 7",
    }


def test_validate_answers_rejects_unknown_questions(dash: Instrument) -> None:
    errors = validate_answers(dash, {"q25": "yes", "c1": "no"})
    assert set(errors) == {"q25", "c1"}
    assert errors["q25"] == "Question 'q25' is not on this checklist"
