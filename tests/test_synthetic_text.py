"""The pools of synthetic free text (devdata/synthetic/text.py): sizes, shape,
plain single-line strings, the project's language check and SMART actions.
No database is needed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest

from actions.checks import description_problem
from actions.models import ActionFocus
from devdata.synthetic import text
from marac.language import check_language
from marac.models import AgencyKind
from ppmt.models import SurvivorVoice
from ppmt.stages import PpmtStage

STAGES = {stage.value for stage in PpmtStage}
VOICE_KEYS = {
    "views_and_wishes",
    "fears",
    "wants_from_marac",
    "own_risk_view",
    "strengths",
    "childrens_voice",
    "agreed_to_share",
    "no_contact_reason",
}

# Minimum sizes of the flat pools.
FLAT_MINIMUMS = {
    "REFERRAL_REASONS": 60,
    "STRENGTHS": 40,
    "RISKS_TO_PROFESSIONALS": 20,
    "PROFESSIONAL_JUDGEMENT": 25,
    "OUTCOMES": 30,
    "NOT_COMPLETED_REASONS": 15,
    "PROGRESS_NOTES": 20,
    "DECISIONS": 25,
    "RESTRICTION_REASONS": 8,
    "MINUTES_NOTES": 10,
    "RELATIONSHIPS": 1,
    "CHILD_RELATIONSHIPS": 1,
    "LIVES_WITH": 1,
    "SCHOOL_KINDS": 1,
    "ETHNICITIES": 1,
    "LANGUAGES": 1,
}

# Dict pools: (exact keys, minimum size of each key's pool).
DICT_SHAPES: dict[str, tuple[set[str], int]] = {
    "CONSENT_NOTES": ({"refused", "not_sought"}, 10),
    "RESEARCH": (STAGES, 40),
    "RESEARCH_SOURCES": ({kind.value for kind in AgencyKind}, 4),
    "SHARED": (STAGES, 25),
    "VOICE": (VOICE_KEYS, 20),
    "ACTIONS": ({focus.value for focus in ActionFocus}, 25),
}


def _pools() -> Iterator[tuple[str, tuple[object, ...]]]:
    """Every pool, by name: a flat pool, or one key of a dict pool."""
    for name in FLAT_MINIMUMS:
        yield name, getattr(text, name)
    for name in DICT_SHAPES:
        for key, pool in getattr(text, name).items():
            yield f"{name}[{key}]", pool


def _strings() -> Iterator[tuple[str, str]]:
    """Every string in every pool (labels, descriptions, stage values included)."""
    for name, pool in _pools():
        for entry in pool:
            for value in entry if isinstance(entry, tuple) else (entry,):
                if isinstance(value, str):
                    yield name, value


ALL_STRINGS = list(_strings())
# Free text only (not stage values): the language check runs over these.
FREE_TEXT = [(name, value) for name, value in ALL_STRINGS if value and value not in STAGES]
# Pools of short labels rather than sentences.
LABEL_POOLS = {"RELATIONSHIPS", "CHILD_RELATIONSHIPS", "LIVES_WITH", "SCHOOL_KINDS", "ETHNICITIES", "LANGUAGES"}
SENTENCES = [
    (name, value) for name, value in FREE_TEXT if name not in LABEL_POOLS and not name.startswith("RESEARCH_SOURCES[")
]
ACTION_DESCRIPTIONS = [(focus, d) for focus, pool in text.ACTIONS.items() for _, d in pool]


def test_every_name_in_all_is_a_pool() -> None:
    assert set(text.__all__) == set(FLAT_MINIMUMS) | set(DICT_SHAPES)


@pytest.mark.parametrize(("name", "minimum"), FLAT_MINIMUMS.items())
def test_flat_pool_minimum_size(name: str, minimum: int) -> None:
    pool = getattr(text, name)
    assert isinstance(pool, tuple)
    assert len(pool) >= minimum


@pytest.mark.parametrize(("name", "shape"), DICT_SHAPES.items())
def test_dict_pool_keys_and_sizes(name: str, shape: tuple[set[str], int]) -> None:
    keys, minimum = shape
    pools = getattr(text, name)
    assert set(pools) == keys
    for key, pool in pools.items():
        assert isinstance(pool, tuple), key
        assert len(pool) >= minimum, f"{name}[{key}] has {len(pool)} entries, needs {minimum}"


def test_voice_keys_are_survivor_voice_fields() -> None:
    fields = {field.name for field in SurvivorVoice._meta.get_fields()}
    assert set(text.VOICE) <= fields


@pytest.mark.parametrize(("name", "pool"), list(_pools()))
def test_no_duplicates_within_a_pool(name: str, pool: tuple[object, ...]) -> None:
    # Actions by description; weighted tables by label.
    keys = [
        entry[-1] if name.startswith("ACTIONS[") else entry[0] if isinstance(entry, tuple) else entry for entry in pool
    ]
    assert [key for key, count in Counter(keys).items() if count > 1] == []


def test_every_string_is_a_short_plain_single_line() -> None:
    bad = [
        (name, value)
        for name, value in ALL_STRINGS
        if any(char in value for char in "\t\n\r\\") or len(value) > 300 or value != value.strip()
    ]
    assert bad == []


def test_strings_are_ascii_and_sentences_are_whole() -> None:
    """Straight apostrophes only; every free-text entry is a sentence starting
    with a capital letter and ending with a full stop."""
    assert [(name, value) for name, value in ALL_STRINGS if not value.isascii()] == []
    assert [(n, v) for n, v in SENTENCES if not (v[0].isupper() and v.endswith("."))] == []


def test_no_dates_phone_numbers_or_titles() -> None:
    """Four or more digits in a row could be a year or a phone number; a title
    would come with a name."""
    pattern = re.compile(r"\d{4,}|\d{1,2}/\d{1,2}|\b(?:Mr|Mrs|Ms|Miss|Dr)\b\.?")
    assert [(name, value) for name, value in SENTENCES if pattern.search(value)] == []


def test_language_check_finds_nothing() -> None:
    flagged = [
        (name, value, [p.matched for p in prompts]) for name, value in FREE_TEXT if (prompts := check_language(value))
    ]
    assert flagged == []


def test_language_check_is_really_running() -> None:
    """Guard against a check that silently finds nothing."""
    assert check_language("She failed to protect the children and allowed him back.")


@pytest.mark.parametrize(("focus", "description"), ACTION_DESCRIPTIONS)
def test_action_descriptions_are_smart(focus: str, description: str) -> None:
    assert description_problem(description, vague_ok=False) == ""
    assert description[0].isupper()


def test_action_stages_are_empty_or_ppmt_stages() -> None:
    for focus, pool in text.ACTIONS.items():
        for entry in pool:
            assert isinstance(entry, tuple), focus
            assert len(entry) == 2, focus
            stage, description = entry
            assert stage == "" or stage in STAGES, (focus, stage)
            assert isinstance(description, str)
            assert description


def test_perpetrator_actions_name_the_person_causing_harm() -> None:
    """Perpetrator-focused actions are about his behaviour, not the survivor's."""
    missing = [d for _, d in text.ACTIONS["perpetrator"] if "person causing harm" not in d]
    assert missing == []


def test_some_texts_are_gender_neutral() -> None:
    """Pools fit male victims and same-sex relationships too."""
    gendered = re.compile(r"\b(?:she|her|hers|herself|he|his|him|himself)\b", re.IGNORECASE)
    neutral = re.compile(r"\b(?:they|their|them|themselves)\b", re.IGNORECASE)
    pools = {
        "REFERRAL_REASONS": text.REFERRAL_REASONS,
        "STRENGTHS": text.STRENGTHS,
        "PROFESSIONAL_JUDGEMENT": text.PROFESSIONAL_JUDGEMENT,
        **{f"RESEARCH[{stage}]": text.RESEARCH[stage] for stage in ("pattern", "protective", "intersections")},
    }
    for name, pool in pools.items():
        assert any(neutral.search(t) and not gendered.search(t) for t in pool), name


def test_weighted_tables() -> None:
    for label, weight in text.RELATIONSHIPS:
        assert isinstance(label, str)
        assert label
        assert isinstance(weight, int)
        assert weight > 0
    for label, weight, minoritised in text.ETHNICITIES:
        assert isinstance(label, str)
        assert label
        assert isinstance(weight, int)
        assert weight > 0
        assert minoritised in {"yes", "no"}
    assert {"Partner", "Ex-partner", "Husband", "Son", "Wife"} <= {label for label, _ in text.RELATIONSHIPS}
    assert ("Gypsy or Traveller", "yes") in {(label, flag) for label, _, flag in text.ETHNICITIES}
