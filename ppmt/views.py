"""Research, the survivor's voice and the research tracker (thin views)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.meetings import selectors as meeting_selectors
from cases.models import AgendaItem
from cases.needs.selectors import active_flags
from cases.people.research_details import has_children, research_details_for
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest, int_or_404
from marac.language import language_prompts_for
from marac.versioning import StaleVersionError
from ppmt import selectors, services
from ppmt.between import selectors as between_selectors
from ppmt.between.forms import AgencyActionForm
from ppmt.forms import ResearchEntryForm, SurvivorVoiceForm
from ppmt.models import LawfulBasis, ResearchEntry, SurvivorVoice
from ppmt.pattern import person_pattern_for_user
from ppmt.stages import STAGE_PROMPTS, PpmtStage

STALE_FINDING = (
    "Someone in your agency changed this finding while you were editing it, so your change was not saved. "
    "Your text is below and the finding's latest version is in the list: check it, then save again."
)
REMOVED_FINDING = (
    "Someone in your agency removed this finding while you were editing it, so your change was not saved. "
    "Your text is below: save it to add it as a new finding."
)
STALE_VOICE = (
    "Someone else saved the survivor's voice while you were writing, so your changes were not saved. "
    "What you wrote is below. Open this page in a new tab to see the version now saved; saving again "
    "replaces it with what is below (the version it replaces is kept under Earlier versions)."
)


def _finding_agencies(user: Any, item: AgendaItem) -> Any:
    """The agencies a finding may be restricted to: the invited ones (the writer's own always sees it)."""
    agencies = item.meeting.invited_agencies.order_by("name")
    return agencies.exclude(pk=user.agency_id) if user.agency_id is not None else agencies


def research_context(request: AuthenticatedHttpRequest, item: Any, form: Any, **extra: Any) -> dict[str, Any]:
    """The research page: the finding ``form`` (a new one if None), and the agency's actions taken or proposed
    with ``action_form`` (a new one unless given in ``extra``)."""
    submission = selectors.own_submission(request.user, item)
    entries = selectors.own_entries(submission)
    if form is None:
        form = ResearchEntryForm(agencies=_finding_agencies(request.user, item))
    return {
        "agency_actions": between_selectors.own_agency_actions(submission),
        "has_children": has_children(item.case),
        "action_form": AgencyActionForm(),
        "item": item,
        "meeting": item.meeting,
        "submission": submission,
        "stages": [
            {
                "value": stage.value,
                "label": stage.label,
                "prompt": STAGE_PROMPTS[stage],
                "entries": [e for e in entries if e.stage == stage],
            }
            for stage in PpmtStage
        ],
        "history": selectors.entry_history(submission) if submission else [],
        "form": form,
        "is_open": item.meeting.status == "circulated",
        "confirm_not_known": request.GET.get("confirm") == "not-known",
        "details": research_details_for(request.user, item.meeting, item_ids=[item.pk]).get(item.case_id),
        "needs": active_flags([item.case_id]).get(item.case_id, []),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def research_item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    user = request.user
    item = selectors.item_for_researcher(user, meeting_id, item_id)
    # The writer's own agency always sees its findings: not offered in the restriction list.
    agencies = _finding_agencies(user, item)
    replaces = None
    # The posted finding first: after a conflict the form names the finding's latest version,
    # while the page's address still names the one the editor first opened.
    amend_id = request.POST.get("amend") or request.GET.get("amend")
    if amend_id:
        replaces = selectors.own_entry(user, item, int_or_404(amend_id))
        if replaces is None:
            raise Http404
    form = ResearchEntryForm(
        request.POST or None, agencies=agencies, initial=_amend_initial(replaces) or _last_used(request)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if saved := _save_entry(request, item, form, replaces):
                return _saved(request, item, form, agencies, saved)
        except StaleVersionError:
            # Keep what they typed; it now amends the finding's latest version (or is a new finding
            # if the finding was removed), once they have checked it.
            replaces = services.latest_version(replaces) if replaces is not None else None
            form.add_error(None, STALE_FINDING if replaces is not None else REMOVED_FINDING)
            status = 409
    status = status if status != 200 else (400 if form.errors else 200)
    if request.method == "POST" and request.htmx:  # the findings and the form alone, as typed
        context = research_context(request, item, form, replaces=replaces, fragment=True)
        return render(request, "ppmt/research/_findings.html", context, status=status)
    audit.record_read(request, item.case, page="research")
    return render(
        request, "ppmt/research_item.html", research_context(request, item, form, replaces=replaces), status=status
    )


def _saved(
    request: AuthenticatedHttpRequest,
    item: AgendaItem,
    form: ResearchEntryForm,
    agencies: Any,
    message: tuple[int, str],
) -> HttpResponse:
    """After a finding is saved: in place (htmx) the findings and a new form, or the page again; either
    way the next finding starts from the same stage and lawful basis (neither is personal data)."""
    stage, basis = form.cleaned_data["stage"], form.cleaned_data["lawful_basis"]
    if request.htmx:
        fresh = ResearchEntryForm(agencies=agencies, initial={"stage": stage, "lawful_basis": basis})
        extra = {"fragment": True, "live_message": message[1], "focus_id": f"stage-{stage}"}
        return render(request, "ppmt/research/_findings.html", research_context(request, item, fresh, **extra))
    messages.add_message(request, *message)
    url = reverse("research-item", args=[item.meeting_id, item.pk])
    return redirect(f"{url}?{urlencode({'stage': stage, 'basis': basis})}#entry-form")


def _last_used(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The stage and lawful basis of the finding just added, for the next one (ignored when not one)."""
    stage, basis = request.GET.get("stage", ""), request.GET.get("basis", "")
    return {
        **({"stage": stage} if stage in PpmtStage.values else {}),
        **({"lawful_basis": basis} if basis in LawfulBasis.values else {}),
    }


def _amend_initial(replaces: ResearchEntry | None) -> dict[str, Any]:
    """The form filled in with the finding being amended."""
    if replaces is None:
        return {}
    return {
        "stage": replaces.stage,
        "text": replaces.text,
        "information_date": replaces.information_date,
        "source": replaces.source,
        "lawful_basis": replaces.lawful_basis,
        "restricted": replaces.restricted,
        "restricted_to": list(replaces.restricted_to.all()),
        "restriction_reason": replaces.restriction_reason,
    }


def _save_entry(
    request: AuthenticatedHttpRequest, item: AgendaItem, form: ResearchEntryForm, replaces: ResearchEntry | None
) -> tuple[int, str] | None:
    """Save the valid form's finding: what to say about it (a message level and text), or None (with the
    service's errors on the form) when the service refuses it."""
    data = form.cleaned_data
    try:
        services.research_entry_save(
            user=request.user,
            item=item,
            stage=data["stage"],
            text=data["text"],
            lawful_basis=data["lawful_basis"],
            information_date=data["information_date"],
            source=data["source"],
            restricted=data["restricted"],
            restricted_to=data["restricted_to"],
            restriction_reason=data["restriction_reason"],
            replaces=replaces,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    prompts = language_prompts_for({"text": data["text"]})
    if prompts:
        first = prompts["text"][0]
        return messages.INFO, f"Saved. Check the wording: you wrote ‘{first.matched}’. {first.suggestion}"
    if (submission := selectors.own_submission(request.user, item)) and submission.status == "submitted":
        return messages.SUCCESS, "Finding saved and shared with the invited agencies."
    return messages.SUCCESS, "Finding saved. Submit your research when you have added everything."


@require_POST
def research_action(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    user = request.user
    item = selectors.item_for_researcher(user, meeting_id, item_id)
    action = request.POST.get("action")
    try:
        if action == "submit":
            services.research_submit(user=user, item=item)
            messages.success(request, "Research submitted. You can amend it until the meeting starts.")
        elif action == "not_known":
            if request.POST.get("confirmed") != "yes":  # asked first, on the research page
                url = reverse("research-item", args=[meeting_id, item_id])
                return redirect(f"{url}?confirm=not-known#not-known")
            try:
                services.research_not_known(
                    user=user, item=item, children_searched=request.POST.get("children_searched") == "yes"
                )
            except ValidationError as exc:
                return _not_known_refused(request, item, exc)
            messages.success(request, "Recorded: this case is not known to your agency.")
        elif action == "withdraw":
            entry = selectors.own_entry(user, item, request.POST.get("entry") or 0)
            if entry is None:
                raise Http404
            services.research_entry_withdraw(user=user, item=item, entry=entry)
            messages.success(request, "Finding removed. It is kept in the history.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("research-item", meeting_id=meeting_id, item_id=item_id)


def _not_known_refused(request: AuthenticatedHttpRequest, item: AgendaItem, exc: ValidationError) -> HttpResponse:
    """The not-known confirmation shown again with what is missing (the children searched for too)."""
    form = ResearchEntryForm(agencies=item.meeting.invited_agencies.order_by("name"))
    anchor = "children-searched" if "children_searched" in getattr(exc, "error_dict", {}) else "not-known"
    error_list = [(anchor, message) for message in exc.messages]
    context = research_context(request, item, form, confirm_not_known=True, error_list=error_list)
    audit.record_read(request, item.case, page="research")
    return render(request, "ppmt/research_item.html", context, status=400)


@require_http_methods(["GET", "POST"])
def survivor_voice(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """The survivor's voice: written by the allocated IDAA (or the worker named to record it), read by
    everyone who sees the case on the agenda, with the versions it replaced."""
    user = request.user
    item = selectors.item_to_read(user, meeting_selectors.meeting_get_for_user(user, meeting_id), item_id)
    can_record = selectors.may_record_voice(user, item)
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Only the IDAA allocated to this case, or the worker named to record the voice, can.")
    voice = _voice(item)
    form = SurvivorVoiceForm(request.POST or None, instance=voice)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.survivor_voice_save(
                user=user,
                item=item,
                data={name: form.cleaned_data[name] for name in services.VOICE_FIELDS},
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError:
            voice = _voice(item)
            carry_current_version(form, voice.version if voice else 0)
            form.add_error(None, STALE_VOICE)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The survivor's voice is saved.")
            return redirect("survivor-voice", meeting_id=meeting_id, item_id=item_id)
    audit.record_read(request, item.case, page="voice")
    prompts = (
        language_prompts_for({name: str(form.cleaned_data.get(name) or "") for name in services.VOICE_FIELDS[1:]})
        if form.is_bound and hasattr(form, "cleaned_data")
        else {}
    )
    context = {
        "item": item,
        "meeting": item.meeting,
        "form": form,
        "voice": voice,
        "can_record": can_record and item.meeting.status == "circulated",
        "revisions": selectors.voice_revisions(voice),
        "language_prompts": prompts,
    }
    return render(
        request, "ppmt/survivor_voice.html", context, status=status if status != 200 else (400 if form.errors else 200)
    )


def _voice(item: AgendaItem) -> SurvivorVoice | None:
    return SurvivorVoice.objects.filter(item=item).select_related("recorded_by", "recorded_by_agency").first()


@require_GET
def person_pattern(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """The pattern page of a person causing harm (thin: the selector decides what is shown)."""
    pattern = person_pattern_for_user(request.user, person_id)
    audit.record_read(request, pattern.person, page="pattern", detail={"cases": len(pattern.cases)})
    return render(request, "cases/person_pattern.html", {"pattern": pattern})
