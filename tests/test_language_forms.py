"""The language check in forms (ppmt/forms.py) and its template: prompts for
survivor-blaming phrases beside the field, never errors."""

from __future__ import annotations

import re

from django import forms
from django.template import engines
from django.template.loader import render_to_string

from marac.forms import GovukFormMixin
from marac.language import check_language
from ppmt.forms import LanguageCheckMixin

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
