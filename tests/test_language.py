"""The language check (ppmt/language.py, ppmt/forms_language.py): prompts for
survivor-blaming phrases, never errors."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st

from marac.forms import GovukFormMixin
from marac.language import RULES, LanguagePrompt, check_language, language_prompts_for
from ppmt.forms_language import LanguageCheckMixin

# --- Every rule, with its variants -------------------------------------------

POSITIVE = [
    # failure to protect
    ("She failed to protect the children.", "failure_to_protect", "failed to protect"),
    ("Concerns about failure to protect.", "failure_to_protect", "failure to protect"),
    ("Mum fails to protect her son.", "failure_to_protect", "fails to protect"),
    ("She is failing to protect them.", "failure_to_protect", "failing to protect"),
    ("She may fail to protect the baby.", "failure_to_protect", "fail to protect"),
    ("Failed to adequately protect the children", "failure_to_protect", "Failed to adequately protect"),
    ("failure to safeguard the child", "failure_to_protect", "failure to safeguard"),
    # allowed him back
    ("She allowed him back.", "allowed_back", "allowed him back"),
    ("She allowed him back in last week.", "allowed_back", "allowed him back in"),
    ("She let him back in.", "allowed_back", "let him back in"),
    ("She let her back into the house.", "allowed_back", "let her back into the house"),
    ("She keeps on allowing them back", "allowed_back", "allowing them back"),
    ("She lets him back", "allowed_back", "lets him back"),
    ("She let him in.", "allowed_back", "let him in"),
    ("She let him into the flat.", "allowed_back", "let him into the flat"),
    ("She allowed him to return home.", "allowed_back", "allowed him to return"),
    ("She allowed him to stay over.", "allowed_back", "allowed him to stay"),
    ("She has allowed her partner to move back in.", "allowed_back", "allowed her partner to move back in"),
    ("She let him come back.", "allowed_back", "let him come back"),
    ("She permitted her ex-partner back", "allowed_back", "permitted her ex-partner back"),
    # chose to stay
    ("She chooses to stay.", "chose_to_stay", "chooses to stay"),
    ("She chose to stay with him.", "chose_to_stay", "chose to stay"),
    ("Mum is choosing to stay in the relationship.", "chose_to_stay", "choosing to stay"),
    ("She decided to stay.", "chose_to_stay", "decided to stay"),
    ("She has decided to remain with him.", "chose_to_stay", "decided to remain"),
    ("She opted to stay", "chose_to_stay", "opted to stay"),
    ("It was her choice to stay with him", "chose_to_stay", "her choice to stay with him"),
    # refuses to leave
    ("She won't leave him.", "refuses_to_leave", "won't leave"),
    ("She will not leave.", "refuses_to_leave", "will not leave"),
    ("She wont leave the relationship", "refuses_to_leave", "wont leave"),
    ("She refuses to leave.", "refuses_to_leave", "refuses to leave"),
    ("She refused to leave the home.", "refuses_to_leave", "refused to leave"),
    ("Mum is refusing to leave", "refuses_to_leave", "refusing to leave"),
    ("She would not leave him", "refuses_to_leave", "would not leave"),
    ("She is unwilling to leave", "refuses_to_leave", "unwilling to leave"),
    # keeps going back
    ("She keeps going back.", "keeps_going_back", "keeps going back"),
    ("She kept going back to him.", "keeps_going_back", "kept going back"),
    ("She keeps on going back", "keeps_going_back", "keeps on going back"),
    ("She keeps returning to him", "keeps_going_back", "keeps returning to him"),
    ("She always goes back", "keeps_going_back", "always goes back"),
    ("She keeps taking him back", "keeps_going_back", "keeps taking him back"),
    # hard to engage
    ("Mum is hard to engage.", "hard_to_engage", "hard to engage"),
    ("A hard-to-engage family.", "hard_to_engage", "hard-to-engage"),
    ("She has been difficult to engage", "hard_to_engage", "difficult to engage"),
    ("She is hard to reach", "hard_to_engage", "hard to reach"),
    ("She is reluctant to engage", "hard_to_engage", "reluctant to engage"),
    # non-engagement
    ("She won't engage.", "non_engagement", "won't engage"),
    ("She will not engage with services.", "non_engagement", "will not engage"),
    ("She refuses to engage.", "non_engagement", "refuses to engage"),
    ("She refused to engage", "non_engagement", "refused to engage"),
    ("Closed due to non-engagement.", "non_engagement", "non-engagement"),
    ("Closed due to non engagement.", "non_engagement", "non engagement"),
    ("Closed for nonengagement", "non_engagement", "nonengagement"),
    ("A non-engaging client", "non_engagement", "non-engaging"),
    ("She is not engaging.", "non_engagement", "is not engaging"),
    ("She failed to engage.", "non_engagement", "failed to engage"),
    ("She has disengaged.", "non_engagement", "disengaged"),
    ("She did not engage.", "non_engagement", "did not engage"),
    ("She didn't engage", "non_engagement", "didn't engage"),
    ("She has never engaged", "non_engagement", "never engaged"),
    ("Poor engagement with the IDVA", "non_engagement", "Poor engagement"),
    ("She wasn't engaging with services", "non_engagement", "wasn't engaging"),
    # did not attend
    ("Child did not attend the appointment.", "did_not_attend", "did not attend"),
    ("He didn't attend his dental appointment", "did_not_attend", "didn't attend"),
    ("Child DNA.", "did_not_attend", "DNA"),
    ("Child DNA'd the clinic.", "did_not_attend", "DNA'd"),
    ("Health visitor appointment DNA x2", "did_not_attend", "DNA"),
    ("She failed to attend the appointment", "did_not_attend", "failed to attend"),
    ("Non-attendance at school", "did_not_attend", "Non-attendance"),
    # toxic relationship
    ("A toxic relationship.", "toxic_relationship", "toxic relationship"),
    ("A volatile relationship.", "toxic_relationship", "volatile relationship"),
    ("A tempestuous relationship.", "toxic_relationship", "tempestuous relationship"),
    ("They are a volatile couple.", "toxic_relationship", "volatile couple"),
    ("The relationship is very volatile.", "toxic_relationship", "relationship is very volatile"),
    ("A turbulent marriage", "toxic_relationship", "turbulent marriage"),
    # mutual abuse
    ("They are both as bad as each other.", "mutual_abuse", "both as bad as each other"),
    ("She is just as bad as him", "mutual_abuse", "just as bad as him"),
    ("Mutual abuse reported.", "mutual_abuse", "Mutual abuse"),
    ("Mutual violence.", "mutual_abuse", "Mutual violence"),
    ("A mutually abusive relationship", "mutual_abuse", "mutually abusive"),
    ("It takes two.", "mutual_abuse", "It takes two"),
    ("It takes two to tango", "mutual_abuse", "It takes two to tango"),
    ("They are both to blame", "mutual_abuse", "both to blame"),
    ("tit-for-tat assaults", "mutual_abuse", "tit-for-tat"),
    # domestic as a noun
    ("Police were called to a domestic.", "domestic_noun", "a domestic"),
    ("There was a domestic at the address.", "domestic_noun", "a domestic"),
    ("After the domestic, he left.", "domestic_noun", "the domestic"),
    ("Another domestic last night", "domestic_noun", "Another domestic"),
    ("Several domestics reported.", "domestic_noun", "domestics"),
    ("a verbal domestic", "domestic_noun", "a verbal domestic"),
    ("Police attended a domestic incident", "domestic_noun", "domestic incident"),
    ("A domestic - neighbours called police", "domestic_noun", "A domestic"),
    ("it was \u2018a domestic\u2019", "domestic_noun", "a domestic"),
    # domestic dispute
    ("A domestic dispute.", "domestic_dispute", "domestic dispute"),
    ("A domestic argument over money", "domestic_dispute", "domestic argument"),
    # provocation
    ("She provoked him.", "provocation", "She provoked him"),
    ("He said she provoked", "provocation", "she provoked"),
    ("She was provoking him", "provocation", "She was provoking him"),
    ("Her comments provoked him", "provocation", "provoked him"),
    ("He was provoked", "provocation", "He was provoked"),
    ("She winds him up", "provocation", "winds him up"),
    ("She pushed his buttons", "provocation", "pushed his buttons"),
]


@pytest.mark.parametrize(("text", "code", "matched"), POSITIVE)
def test_each_rule_prompts_for_its_phrases(text: str, code: str, matched: str) -> None:
    prompts = check_language(text)
    assert [(p.code, p.matched) for p in prompts] == [(code, matched)]
    prompt = prompts[0]
    assert text[prompt.start : prompt.end] == prompt.matched
    assert prompt.suggestion
    assert prompt.instead


def test_there_are_at_least_sixty_cases_and_every_rule_is_covered() -> None:
    assert len(POSITIVE) >= 60
    assert {code for _, code, _ in POSITIVE} == {rule.code for rule in RULES}


def test_rule_codes_are_unique_and_stable_identifiers() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z_]*", code) for code in codes)


NEGATIVE = [
    "she protected the children",
    "She protected the children from him.",
    "the survivor engaged well with the IDAA",
    "She is engaging with the IDVA and the refuge.",
    "She left the home.",
    "She has left the home with the children.",
    "She attended the appointment.",
    "The child was brought to the appointment.",
    "the children stayed with their grandmother",
    "She decided to stay with her sister.",
    "She chose to stay at a refuge.",
    "She decided to stay at her mum's.",
    # domestic, used as an adjective
    "A history of domestic abuse.",
    "Domestic violence was reported.",
    "Police recorded a domestic abuse incident.",
    "An offence under the Domestic Abuse (Scotland) Act 2018.",
    "A domestic homicide review was commissioned.",
    "the domestic abuse team; the domestic setting; a domestic worker; domestic circumstances",
    "the domestic and sexual violence service",
    # negated or the perpetrator's own behaviour
    "She did not let him back in.",
    "She didn't let him back in.",
    "She would never allow him back.",
    "She no longer lets him in.",
    "He refuses to leave the property.",
    "He won't leave her alone.",
    "She won't leave the children with him.",
    "She won't leave him alone with the baby.",
    "He did not engage with the perpetrator programme.",
    "His non-engagement with probation.",
    "He keeps going back to her address.",
    "Her ex-partner refuses to leave the house.",
    "Her partner is not engaging with services.",
    # an agency is the subject
    "The police let him back into the house to collect his belongings.",
    # refusing contact with him is protective, and going back to the police is seeking help
    "She is not engaging with him.",
    "She refuses to engage with the perpetrator.",
    "She refused to engage in arguments with him.",
    "She will not engage with his messages.",
    "She kept going back to the police.",
    # DNA the molecule
    "DNA evidence was recovered from the scene.",
    "A DNA test was requested.",
    "He gave a DNA sample.",
    # unprovoked, and words containing the phrases
    "An unprovoked attack.",
    "Without provocation he punched her.",
    "Engagement with the IDVA has been good.",
    "She let the police in.",
    "She was allowed to stay in the refuge.",
    "",
    "   \n  ",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_neutral_text_has_no_prompts(text: str) -> None:
    assert check_language(text) == []


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


# --- The form mixin -------------------------------------------------------------------


class NoteForm(LanguageCheckMixin, GovukFormMixin, forms.Form):
    summary = forms.CharField(label="Summary", widget=forms.Textarea)
    risks = forms.CharField(label="Risks", required=False, widget=forms.Textarea)
    title = forms.CharField(label="Title", max_length=20)
    count = forms.IntegerField(label="Count", required=False)


class TitleCheckedForm(LanguageCheckMixin, forms.Form):
    language_checked_fields = ("title", "count", "summary")

    title = forms.CharField(label="Title")
    count = forms.IntegerField(label="Count", required=False)
    summary = forms.CharField(label="Summary", widget=forms.Textarea)
    other = forms.CharField(label="Other", widget=forms.Textarea, required=False)


def test_the_mixin_reports_prompts_for_the_right_field_and_stays_valid() -> None:
    form = NoteForm(data={"summary": "Fine.", "risks": "She won't leave him.", "title": "a domestic"})
    assert form.is_valid(), form.errors
    assert form.errors == {}
    assert list(form.language_prompts) == ["risks"]  # title is a TextInput: not checked by default
    [prompt] = form.language_prompts["risks"]
    assert prompt.code == "refuses_to_leave"
    assert form.cleaned_data["risks"] == "She won't leave him."


def test_the_mixin_never_adds_errors() -> None:
    text = "She failed to protect the children and is hard to engage."
    form = NoteForm(data={"summary": text, "title": "Note"})
    assert form.is_valid()
    assert form.errors == {}
    assert form.non_field_errors() == []
    assert [p.code for p in form.language_prompts["summary"]] == ["failure_to_protect", "hard_to_engage"]


def test_an_invalid_form_still_gets_prompts_and_only_its_own_errors() -> None:
    form = NoteForm(data={"summary": "She chose to stay.", "title": "x" * 50, "count": "many"})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "count"}
    assert [p.code for p in form.language_prompts["summary"]] == ["chose_to_stay"]


def test_prompts_available_on_access_without_is_valid() -> None:
    form = NoteForm(data={"summary": "Mutual abuse.", "title": "Note"})
    assert form.language_prompts["summary"][0].code == "mutual_abuse"
    assert form.is_valid()


def test_unbound_form_checks_the_initial_text() -> None:
    form = NoteForm(initial={"summary": "She let him back in."})
    assert form.language_prompts["summary"][0].code == "allowed_back"
    assert NoteForm().language_prompts == {}


def test_language_checked_fields_limits_to_char_fields_with_text_widgets() -> None:
    form = TitleCheckedForm(data={"title": "It takes two", "count": "3", "summary": "DNA", "other": "a domestic."})
    assert form.is_valid()
    assert form.language_field_names() == ["title", "summary"]
    assert set(form.language_prompts) == {"title", "summary"}


def test_prompts_refresh_after_revalidation() -> None:
    form = NoteForm(data={"summary": "Toxic relationship", "title": "Note"})
    assert "summary" in form.language_prompts
    form.data = {"summary": "He hit her.", "title": "Note"}
    form.full_clean()
    assert form.language_prompts == {}


def test_bound_fields_carry_their_prompts_and_block_id() -> None:
    form = NoteForm(data={"summary": "She won't engage.", "risks": "", "title": "Note"})
    assert form.is_valid()
    bound = form["summary"]
    assert [p.code for p in bound.language_prompts] == ["non_engagement"]  # type: ignore[attr-defined]
    assert bound.language_id == "id_summary-language"  # type: ignore[attr-defined]
    assert form["risks"].language_prompts == []  # type: ignore[attr-defined]
    assert form["risks"].language_id == ""  # type: ignore[attr-defined]
    assert form.language_prompt_id("summary") == "id_summary-language"
    assert form.language_prompts_for_field("risks") == []


# --- The template ------------------------------------------------------------------------


def test_include_renders_the_matched_phrase_suggestion_and_id() -> None:
    prompts = check_language("She failed to protect the children & was hard to engage.")
    html = render_to_string("includes/language_prompts.html", {"prompts": prompts, "field_id": "id_summary"})
    assert 'id="id_summary-language"' in html
    assert 'class="govuk-inset-text"' in html
    assert "Check the wording" in html
    assert "You wrote \u2018failed to protect\u2019." in html
    assert "You wrote \u2018hard to engage\u2019." in html
    assert prompts[0].suggestion.replace("'", "&#x27;") in html
    assert "You can still save" in html
    assert re.findall(r'class="([^"]+)"', html) == [
        "govuk-inset-text",
        "govuk-body",
        "govuk-body",
        "govuk-list govuk-list--bullet",
    ]


def test_include_escapes_what_was_typed() -> None:
    text = "<b>She won't leave</b>"
    html = render_to_string("includes/language_prompts.html", {"prompts": check_language(text), "field_id": "f"})
    assert "won&#x27;t leave" in html
    assert "<b>" not in html


def test_include_renders_nothing_without_prompts() -> None:
    assert render_to_string("includes/language_prompts.html", {"prompts": [], "field_id": "id_x"}).strip() == ""


def test_include_from_a_bound_field_in_a_template() -> None:
    from django.template import engines

    template = engines["django"].from_string(
        "{% for field in form %}{{ field }}"
        '{% include "includes/language_prompts.html" with prompts=field.language_prompts field_id=field.auto_id %}'
        "{% endfor %}"
    )
    form = NoteForm(data={"summary": "She didn't attend.", "risks": "", "title": "Note"})
    html = template.render({"form": form})
    assert html.count("govuk-inset-text") == 1
    assert 'id="id_summary-language"' in html
    assert "You wrote \u2018didn&#x27;t attend\u2019." in html
