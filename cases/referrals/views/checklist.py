"""The risk checklist page of a draft referral (thin): per question the answer, who gave it and a note,
with the running score beside the area's threshold."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cases.models import Referral, RiskChecklist
from cases.referrals import instruments, selectors, services
from cases.referrals.checklists import Instrument
from cases.referrals.checklists.answers import running_score
from cases.referrals.checklists.form import ChecklistForm
from cases.referrals.criteria import Thresholds
from cases.referrals.summary import may_edit, record_view
from marac.forms import set_language_prompt_id
from marac.http import AuthenticatedHttpRequest
from marac.language import LanguagePrompt, language_prompts_for
from marac.versioning import StaleVersionError, parse_version

STALE_MESSAGE = (
    "Someone else changed this referral while you were editing it. Your answers are shown below: "
    "check them against the latest version and save again."
)
TITLE = "Risk checklist"


def referral_checklist(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """GET shows the checklist; POST saves it (every problem at once, nothing typed lost)."""
    referral = selectors.referral_get_for_user(request.user, public_id)
    if not referral.is_editable or not may_edit(request, referral):
        return redirect("referral-detail", public_id=referral.public_id)
    if request.method == "GET":
        record_view(request, referral, "checklist")
    checklist = referral.checklist
    definition = instruments.instrument_definition(checklist.instrument)
    form = ChecklistForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(checklist),
        questions=checklist.instrument.questions,
        answer_choices=list(definition.answer_choices),
    )
    status = 200
    context: dict[str, Any] = {}
    if request.method == "POST":
        if _save(request, referral, form):
            prompts = _note_prompts(form)
            if not prompts or request.POST.get("language_seen") == "1":
                return _after_save(request, referral)
            # Saved; the wording prompts on the notes are shown once before moving on (never blocking).
            context = {"language_prompts": prompts, "saved_with_prompts": True}
        else:
            status = 409 if STALE_MESSAGE in form.non_field_errors() else 400
        referral.refresh_from_db()
    context |= _context(referral, definition, form)
    return render(request, "cases/referral_checklist.html", context, status=status)


def _initial(checklist: RiskChecklist) -> dict[str, Any]:
    initial: dict[str, Any] = {f"answer_{k}": v for k, v in checklist.answers.items()}
    initial.update({f"source_{k}": v for k, v in checklist.sources.items()})
    initial.update({f"note_{k}": v for k, v in checklist.notes.items()})
    initial.update({"completed_elsewhere": checklist.completed_elsewhere, "recorded_score": checklist.recorded_score})
    return initial


def _save(request: AuthenticatedHttpRequest, referral: Referral, form: ChecklistForm) -> bool:
    """Save through the service; False with every problem on the form if it cannot be saved."""
    if not form.is_valid():
        # The answers the people listed contradict are reported in the same round as the form's errors.
        _add_errors(form, services.checklist_errors(referral, form.answers(), {}, {}))
        return False
    try:
        services.referral_checklist_save(
            user=request.user,
            referral=referral,
            answers=form.answers(),
            sources=form.sources(),
            notes=form.notes(),
            completed_elsewhere=form.cleaned_data["completed_elsewhere"],
            recorded_score=form.cleaned_data["recorded_score"],
            expected_version=parse_version(request.POST.get("version")) or None,
        )
    except ValidationError as exc:
        _add_errors(form, {key: " ".join(messages) for key, messages in exc.message_dict.items()})
        return False
    except StaleVersionError:
        form.add_error(None, STALE_MESSAGE)
        return False
    return True


def _note_prompts(form: ChecklistForm) -> dict[str, list[LanguagePrompt]]:
    """Survivor-blaming language prompts for the notes typed (field name -> prompts)."""
    prompts = language_prompts_for({f"note_{qid}": note for qid, note in form.notes().items() if note})
    for name in prompts:
        # The note's box names the prompt block in aria-describedby (marac_tags.with_described_by).
        set_language_prompt_id(form.fields[name], f"{form[name].auto_id}-language")
    return prompts


def _add_errors(form: ChecklistForm, errors: dict[str, str]) -> None:
    """Each error on its field (a question's answer, source or note), once."""
    for key, message in errors.items():
        field = key if key in form.fields else f"answer_{key}"
        if field not in form.fields:
            form.add_error(None, message)
        elif not form.has_error(field):
            form.add_error(field, message)


def _after_save(request: AuthenticatedHttpRequest, referral: Referral) -> HttpResponse:
    """'Save and continue' goes to the section after the checklist; 'save and come back later' to the tasks."""
    if request.POST.get("action") == "later":
        messages.success(request, "Your answers have been saved. You can come back to this referral at any time.")
        return redirect("referral-tasks", public_id=referral.public_id)
    order = [section.slug for section in services.SECTIONS]
    following = order[order.index("checklist") + 1 :]
    if not following:
        return redirect("referral-check", public_id=referral.public_id)
    return redirect("referral-section", public_id=referral.public_id, section=following[0])


def _context(referral: Referral, definition: Instrument, form: ChecklistForm) -> dict[str, Any]:
    """The questions in their sections (counted, then recorded only), and the score so far: of the
    answers as typed when the page is shown again, so it is right without JavaScript."""
    answers = form.answers() if form.is_bound else referral.checklist.answers
    threshold = Thresholds.for_area(referral.area).visible_high_risk
    rows = [
        (
            q,
            form[f"answer_{q.id}"],
            form[f"source_{q.id}"] if f"source_{q.id}" in form.fields else None,
            form[f"note_{q.id}"],
        )
        for q in definition.questions
    ]
    return {
        "referral": referral,
        "form": form,
        "instrument": referral.checklist.instrument,
        "definition": definition,
        "scored_rows": [row for row in rows if row[0].scored],
        "unscored_rows": [row for row in rows if not row[0].scored],
        "running": running_score(definition, answers, threshold),
        "scored_ids": " ".join(q.id for q in definition.scored_questions),
        "title": TITLE,
    }
