"""The language check (marac/language.py) as people type: curly apostrophes, line
breaks and case inside a phrase, word boundaries, offsets, order and overlapping
phrases, and property tests that it never raises."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marac.language import RULES, LanguagePrompt, check_language, language_prompts_for

# --- Typing variations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("She won\u2019t leave him.", "refuses_to_leave"),
        ("She didn\u2019t attend.", "did_not_attend"),
        ("Child DNA\u2019d.", "did_not_attend"),
        ("She won\u2019t engage.", "non_engagement"),
        ("She doesn\u2018t engage.", "non_engagement"),
        ("She won\u02bct leave", "refuses_to_leave"),
    ],
)
def test_curly_apostrophes(text: str, code: str) -> None:
    [prompt] = check_language(text)
    assert prompt.code == code
    assert text[prompt.start : prompt.end] == prompt.matched


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("She failed\nto protect the children.", "failure_to_protect"),
        ("She   failed \r\n  to\tprotect", "failure_to_protect"),
        ("She let him\nback in", "allowed_back"),
        ("both as bad\nas each\nother", "mutual_abuse"),
        ("non-\nengagement", "non_engagement"),
        ("called to a\ndomestic.", "domestic_noun"),
        ("she chose to\u00a0stay", "chose_to_stay"),
    ],
)
def test_extra_whitespace_and_line_breaks_inside_a_phrase(text: str, code: str) -> None:
    [prompt] = check_language(text)
    assert prompt.code == code
    assert text[prompt.start : prompt.end] == prompt.matched
    assert "\n" in prompt.matched or "  " in prompt.matched or "\u00a0" in prompt.matched or "\t" in prompt.matched


@pytest.mark.parametrize(
    "text", ["FAILED TO PROTECT", "Failed To Protect", "fAiLeD tO pRoTeCt", "TOXIC RELATIONSHIP", "IT TAKES TWO"]
)
def test_case_insensitive(text: str) -> None:
    [prompt] = check_language(text)
    assert prompt.matched == text


@pytest.mark.parametrize(
    "text",
    [
        "unfailed to protection",  # inside longer words
        "toxic relationships-wise",  # hyphen is not a letter: still matches below
        "ittakes two",
        "domesticsx",
        "nonsense DNAs",
        "the dna was swabbed",
    ],
)
def test_word_boundaries(text: str) -> None:
    prompts = check_language(text)
    if text == "toxic relationships-wise":
        assert [p.matched for p in prompts] == ["toxic relationships"]
    else:
        assert prompts == []


def test_lower_case_dna_is_the_molecule_not_a_missed_appointment() -> None:
    assert check_language("her dna was on the weapon") == []
    assert [p.matched for p in check_language("Appointment DNA")] == ["DNA"]


# --- Offsets, order and overlaps ----------------------------------------------------


def test_offsets_and_order_in_a_longer_note() -> None:
    text = (
        "Police were called to a domestic on 3 March. Mum is hard to engage and\n"
        "has failed to protect the children; she chose to stay. It's a toxic relationship\n"
        "and they are both as bad as each other. Child DNA'd the health visitor."
    )
    prompts = check_language(text)
    assert [p.code for p in prompts] == [
        "domestic_noun",
        "hard_to_engage",
        "failure_to_protect",
        "chose_to_stay",
        "toxic_relationship",
        "mutual_abuse",
        "did_not_attend",
    ]
    for prompt in prompts:
        assert text[prompt.start : prompt.end] == prompt.matched
    starts = [p.start for p in prompts]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(prompts))


def test_offsets_are_exact() -> None:
    text = "x She failed to protect y"
    [prompt] = check_language(text)
    assert (prompt.start, prompt.end) == (6, 23)
    assert prompt.matched == "failed to protect"


def test_the_same_phrase_twice_gives_two_prompts() -> None:
    prompts = check_language("She won't engage. Later: she won't engage.")
    assert [p.matched for p in prompts] == ["won't engage", "won't engage"]
    assert prompts[0].start < prompts[1].start


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("She provoked him", "She provoked him"),  # "she provoked" and "provoked him"
        ("She will not engage", "will not engage"),  # "will not engage" and "not engage"
        ("She keeps letting him back in", "keeps letting him back"),  # two rules overlap
        ("A domestic incident", "domestic incident"),
        ("Child DNA'd", "DNA'd"),  # "DNA" and "DNA'd"
    ],
)
def test_overlapping_phrases_give_one_prompt(text: str, matched: str) -> None:
    prompts = check_language(text)
    assert [p.matched for p in prompts] == [matched]


def test_prompts_are_frozen_dataclasses() -> None:
    [prompt] = check_language("failed to protect")
    assert isinstance(prompt, LanguagePrompt)
    with pytest.raises(dataclasses.FrozenInstanceError):
        prompt.code = "x"  # type: ignore[misc]


def test_suggestions_are_specific() -> None:
    by_code = {rule.code: rule for rule in RULES}
    assert by_code["failure_to_protect"].suggestion == (
        "Describe what the person causing harm did that harmed the child, "
        "and what the survivor has done to protect them."
    )
    assert "If this is about a child's appointment, write 'was not brought'" in by_code["did_not_attend"].suggestion
    assert "domestic abuse incident" in by_code["domestic_noun"].suggestion
    assert "shifts the blame" in by_code["provocation"].suggestion
    for rule in RULES:
        assert rule.suggestion.endswith(".")
        assert len(rule.suggestion) < 300


def test_language_prompts_for_returns_only_fields_with_prompts() -> None:
    result = language_prompts_for({"summary": "She failed to protect them.", "risks": "He has a knife.", "notes": ""})
    assert list(result) == ["summary"]
    assert result["summary"][0].code == "failure_to_protect"


# --- Property tests -------------------------------------------------------------

PHRASE_PARTS = st.sampled_from(
    [
        "failed to protect",
        "let him back in",
        "won\u2019t leave",
        "a domestic",
        "DNA'd",
        "non-engagement",
        "she provoked him",
        " ",
        "\n",
        "\u2019",
        "'",
        "-",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(st.text(max_size=5), PHRASE_PARTS)).map("".join)))
def test_check_language_never_raises_and_offsets_are_within_the_text(text: str) -> None:
    prompts = check_language(text)
    previous_end = 0
    for prompt in prompts:
        assert 0 <= prompt.start < prompt.end <= len(text)
        assert text[prompt.start : prompt.end] == prompt.matched
        assert prompt.start >= previous_end
        previous_end = prompt.end


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("L", "N")), max_size=40))
def test_phrases_are_found_wherever_they_sit(padding: str) -> None:
    text = f"{padding} failed to protect {padding}"
    assert "failure_to_protect" in [p.code for p in check_language(text)]


def test_long_text_is_checked_quickly() -> None:
    text = ("She attended and engaged. " * 4000) + "She failed to protect."
    prompts = check_language(text)
    assert [p.code for p in prompts] == ["failure_to_protect"]
