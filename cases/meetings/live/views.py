"""The live meeting (thin views).

Reading a case's page writes nothing but its audit event: a case is opened
(its timer started) by a POST, from "Start the meeting", "Save and go to the
next case" or the page's own "Start the timer" button, each redirecting to
the case's page.

Sharing information, recording an action and saving the decisions save in
place when the page has JavaScript (htmx, ``request.htmx``): the answer is
that region of the page alone (``region``), so what is typed in the others
stays. Without it they post the whole page and are redirected, as ever.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.live import context as live_context
from cases.meetings.live import services as live_services
from cases.meetings.live.forms import DecisionsForm
from cases.models import AgendaItem, Meeting
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest
from marac.language import language_prompts_for
from marac.versioning import StaleVersionError
from ppmt.stages import PpmtStage

STALE_DECISIONS = (
    "Someone else saved decisions for this case while you were writing, so yours were not saved. "
    "What you wrote is below. Open this case in a new tab to see the decisions now saved; "
    "saving again replaces them with what is below."
)


def _coordinated_meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    if not case_selectors.user_coordinates(request.user, meeting.area_id):
        raise Http404
    return meeting


def live_item_of(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> tuple[Meeting, AgendaItem]:
    """A case of a meeting the user coordinates, never one they declared a conflict of interest on."""
    meeting = _coordinated_meeting(request, meeting_id)
    try:
        item = meeting.items.select_related("meeting", "meeting__area", "case", "case__victim", "case__area").get(
            pk=item_id
        )
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc
    if not case_selectors.cases_for_user(request.user).filter(pk=item.case_id).exists():
        raise Http404  # a conflict of interest
    return meeting, item


def to_item(item: AgendaItem, anchor: str = "") -> HttpResponse:
    return redirect(reverse("live-item", args=[item.meeting_id, item.pk]) + (f"#{anchor}" if anchor else ""))


def region(
    request: AuthenticatedHttpRequest,
    name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    message: str = "",
    focus: str = "",
) -> HttpResponse:
    """One region of the live page, after an htmx POST: ``cases/live/_<name>.html``. ``message`` is
    announced (the page's live region, swapped out of band); ``focus`` is the id the page's script moves
    focus to, unless the region carries an error summary (focused instead)."""
    extra = {"fragment": True, "live_message": message, "focus_id": focus}
    return render(request, f"cases/live/_{name}.html", {**context, **extra}, status=status)


def page(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, failed: Any = None, *, status: int = 200
) -> HttpResponse:
    """The whole live page, ``failed`` the one form refused (as typed)."""
    return render(
        request, "cases/live_item.html", live_context.live_context(request, meeting, item, failed), status=status
    )


@require_http_methods(["GET", "POST"])
def live_start(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Start (or rejoin) the live meeting at the first case not yet finished, and open that case."""
    meeting = _coordinated_meeting(request, meeting_id)
    if request.method == "POST":
        try:
            live_services.meeting_start(user=request.user, meeting=meeting)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("meeting-detail", meeting_id=meeting.pk)
    agenda = meeting_selectors.agenda_for(meeting, request.user)
    current = next((row.item for row in agenda.rows if row.item.finished_at is None), None)
    if current is None and agenda.rows:
        current = agenda.rows[-1].item
    if current is None:
        raise Http404
    if request.method == "POST":
        live_services.item_open(user=request.user, item=current)
    return redirect("live-item", meeting_id=meeting.pk, item_id=current.pk)


@require_GET
def live_item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = live_item_of(request, meeting_id, item_id)
    return page(request, meeting, item)


@require_POST
def live_open(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Open a case: its timer starts (once: opening it again keeps the first start)."""
    _, item = live_item_of(request, meeting_id, item_id)
    live_services.item_open(user=request.user, item=item)
    return to_item(item)


@require_POST
def live_share(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = live_item_of(request, meeting_id, item_id)
    form = live_context.share_form(meeting, request.POST)
    if form.is_valid():
        agency, stage, text = form.cleaned_data["agency"], form.cleaned_data["stage"], form.cleaned_data["text"]
        try:
            live_services.shared_add(user=request.user, item=item, agency=agency, stage=stage, text=text)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            prompts = language_prompts_for({"text": text})
            if prompts:
                first = prompts["text"][0]
                message = f"Saved. Check the wording: you wrote ‘{first.matched}’. {first.suggestion}"
            else:
                message = f"Added: {agency.name}, {PpmtStage(stage).label}."
            if request.htmx:
                context = live_context.shared_region(request.user, meeting, item)
                return region(request, "shared", context, message=message, focus=f"stage-heading-{stage}")
            (messages.info if prompts else messages.success)(request, message)
            return to_item(item, f"stage-{stage}")
    if request.htmx:
        return region(request, "shared", live_context.shared_region(request.user, meeting, item, form), status=400)
    return page(request, meeting, item, form, status=400)


@require_POST
def live_decisions(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Save the decisions (in place with htmx), or save and go on to the next case, or close the meeting."""
    meeting, item = live_item_of(request, meeting_id, item_id)
    form = DecisionsForm(request.POST)
    if not form.is_valid():
        return _decisions_refused(request, meeting, item, form, 400)
    action, decisions = form.cleaned_data["action"] or "save", form.cleaned_data["decisions"]
    closing = action == "close" and not form.cleaned_data["confirmed"]
    try:
        item = live_services.item_save_decisions(
            user=request.user,
            item=item,
            decisions=decisions,
            # Closing drafts the minutes and tells referrers: asked once more, the decisions saved meanwhile.
            finish=action in ("next", "close") and not closing,
            expected=form.cleaned_data["version"] or None,
        )
    except StaleVersionError:
        item.refresh_from_db()
        form.carry_current(item.decisions)
        form.add_error(None, STALE_DECISIONS)
        return _decisions_refused(request, meeting, item, form, 409)
    if closing:
        context = live_context.live_context(request, meeting, item, confirm_close=True)
        return render(request, "cases/live_item.html", context)
    if action == "close":
        live_services.meeting_close(user=request.user, meeting=meeting)
        messages.success(request, "The meeting is closed. Draft minutes have been made from what was recorded.")
        return redirect("meeting-minutes", meeting_id=meeting.pk)
    following = live_services.next_item(item) if action == "next" else None
    if following is not None:
        live_services.item_open(user=request.user, item=following)
        return to_item(following)
    if request.htmx:
        context = live_context.decisions_region(meeting, item)
        return region(request, "decisions", context, message="Decisions saved.", focus="decisions-heading")
    messages.success(request, "Saved.")
    return to_item(item)


def _decisions_refused(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, form: DecisionsForm, status: int
) -> HttpResponse:
    if request.htmx:
        return region(request, "decisions", live_context.decisions_region(meeting, item, form), status=status)
    return page(request, meeting, item, form, status=status)
