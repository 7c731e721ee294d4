"""Risk checklists as versioned data files (cases/referrals/checklists). Pure: no database."""

from __future__ import annotations

import copy
import json
from datetime import date
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
from cases.referrals.checklists.answers import (
    MAX_NOTE_LENGTH,
    number_ranges,
    running_score,
    validate_notes,
    validate_sources,
)
from cases.referrals.checklists.consistency import ListedPerson, answer_conflicts

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


# --- sources, notes and the running score (checklists.answers) -----------------------------------


def test_sources_are_who_gave_the_answer_as_the_published_checklist_asks(daq: Instrument) -> None:
    good = {"q1": "victim", "q2": "third_party", "c1": "professional", "q3": ""}
    assert validate_sources(daq, good) == {}
    errors = validate_sources(daq, {"q1": "Her sister", "q99": "victim"})
    assert errors == {
        "source_q1": "Select who gave the answer to question 1: the victim, a third party or a professional",
        "source_q99": "Question 'q99' on this checklist takes no source",
    }


def test_notes_take_the_checklists_questions_and_a_length_limit(daq: Instrument) -> None:
    assert validate_notes(daq, {"q1": "Bruising to her arm", "c1": "", "q2": "x" * MAX_NOTE_LENGTH}) == {}
    errors = validate_notes(daq, {"q1": "x" * (MAX_NOTE_LENGTH + 1), "q99": "a note"})
    assert errors == {
        "note_q1": f"The note on question 1 must be {MAX_NOTE_LENGTH} characters or fewer",
        "note_q99": "Question 'q99' is not on this checklist",
    }


def test_ten_yes_answers_with_one_about_children_score_nine_and_the_page_says_why(daq: Instrument) -> None:
    answers = {f"q{n}": "yes" for n in range(1, 10)} | {"c1": "yes", "q10": "dont_know"}
    running = running_score(daq, answers, threshold=14)
    assert (running.score, running.max_score, running.meets_threshold) == (9, 24, False)
    assert running.counted == "1 to 24"
    assert running.not_counted == "25 to 27"
    assert running.sentence == "Score so far: 9 out of 24. This is below the area's threshold of 14."
    at_threshold = running_score(daq, {f"q{n}": "yes" for n in range(1, 18)}, threshold=17)
    assert at_threshold.sentence == (
        "Score so far: 17 out of 24. This meets the area's threshold of 17 for visible high risk."
    )


def test_a_checklist_with_every_question_counted_names_no_others(dash: Instrument) -> None:
    running = running_score(dash, {}, threshold=14)
    assert (running.counted, running.not_counted) == ("1 to 24", "")


@pytest.mark.parametrize(
    ("numbers", "text"),
    [((1,), "1"), ((1, 2), "1 and 2"), ((1, 2, 3, 5), "1 to 3 and 5"), ((1, 3, 5, 6, 7), "1, 3 and 5 to 7")],
)
def test_number_ranges(numbers: tuple[int, ...], text: str) -> None:
    assert number_ranges(numbers) == text


# --- answers the people listed contradict (checklists.consistency) -------------------------------

ON = date(2026, 11, 20)


def test_no_children_in_the_household_while_a_child_is_listed(daq: Instrument) -> None:
    child = ListedPerson("child", date_of_birth=date(2019, 6, 5))
    conflicts = answer_conflicts(daq, {"c1": "no"}, [child, ListedPerson("victim")], on=ON)
    assert set(conflicts) == {"c1"}
    assert conflicts["c1"].startswith("Question 25 says no children live in or stay in the household")
    assert "a child under 'Children and household members'" in conflicts["c1"]
    two = answer_conflicts(daq, {"c1": "no"}, [child, child], on=ON)
    assert "2 children" in two["c1"]
    # Answered yes, or don't know, or no child listed (an adult household member, an unborn child): no conflict.
    assert answer_conflicts(daq, {"c1": "yes"}, [child], on=ON) == {}
    assert answer_conflicts(daq, {"c1": "dont_know"}, [child], on=ON) == {}
    others = [ListedPerson("household", date_of_birth=date(1960, 1, 1)), ListedPerson("child", None, date(2027, 3, 1))]
    assert "c1" not in answer_conflicts(daq, {"c1": "no"}, others, on=ON)


def test_not_pregnant_while_an_unborn_child_or_a_recent_baby_is_listed(dash: Instrument, daq: Instrument) -> None:
    unborn = ListedPerson("child", expected_due_date=date(2027, 3, 1))
    baby = ListedPerson("child", date_of_birth=date(2025, 6, 1))  # 17 months and a bit before ON
    older = ListedPerson("child", date_of_birth=date(2025, 5, 19))  # more than 18 months before ON
    for instrument in (dash, daq):
        conflict = answer_conflicts(instrument, {"q9": "no"}, [unborn], on=ON)
        assert set(conflict) == {"q9"}
        assert "an unborn child with an expected due date" in conflict["q9"]
        assert "a child born in the last 18 months" in answer_conflicts(instrument, {"q9": "no"}, [baby], on=ON)["q9"]
        assert answer_conflicts(instrument, {"q9": "no"}, [older], on=ON) == {}
        assert answer_conflicts(instrument, {"q9": "yes"}, [unborn, baby], on=ON) == {}


def test_the_dash_has_no_question_about_children_in_the_household(dash: Instrument) -> None:
    assert answer_conflicts(dash, {"q7": "no"}, [ListedPerson("child", date_of_birth=date(2019, 6, 5))], on=ON) == {}
