"""The referral after it is sent: the coordinator's view, linking people, sending, receiving and returning (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from cases import selectors as case_selectors
from cases.models import Referral, ReferralPerson, ReferralStatus
from cases.people import matching
from cases.people.scoring import Verdict
from cases.referrals import forms, receive, selectors, services
from cases.referrals.summary import may_edit, people_in_order, record_view, summary_context, to_match
from marac.http import AuthenticatedHttpRequest, parse_id

# The record the referrer linked is offered whatever its score: the coordinator checks every link.
LINKED_BY_REFERRER = Verdict(0.0, ("the referrer linked this record",))


@require_POST
def referral_person_link(request: AuthenticatedHttpRequest, public_id: str, person_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    person = next((p for p in referral.people.all() if p.pk == person_id), None)
    if person is None:
        raise Http404
    existing_id = parse_id(request.POST.get("existing"))
    if existing_id is None and person.person_id is None:
        messages.error(request, "Select the existing record that is the same person, or leave it unlinked.")
        return redirect("referral-check", public_id=referral.public_id)
    services.referral_person_link(
        user=request.user,
        referral=referral,
        person=person,
        existing_id=existing_id,
    )
    messages.success(
        request,
        "Thank you: the referral now points to the existing record."
        if existing_id is not None
        else "The link to the existing record has been removed.",
    )
    return redirect("referral-check", public_id=referral.public_id)


@require_POST
def referral_send(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """Send to the agency's representative (practitioner) or to the MARAC (representative)."""
    referral = selectors.referral_get_for_user(request.user, public_id)
    try:
        if selectors.user_can_check(request.user, referral):
            referral = services.referral_submit(user=request.user, referral=referral)
            messages.success(request, "The referral has been sent to the MARAC coordinator.")
        else:
            referral = services.referral_mark_ready(user=request.user, referral=referral)
            messages.success(request, "The referral has been sent to your agency's MARAC representative to check.")
    except ValidationError:
        messages.error(request, "The referral is not finished yet: answer the questions marked below.")
        return redirect("referral-check", public_id=referral.public_id)
    return redirect("referral-detail", public_id=referral.public_id)


@require_GET
def referral_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    context = summary_context(request, referral)
    coordinator = case_selectors.user_coordinates(request.user, referral.area_id)
    context["is_coordinator"] = coordinator
    context["can_edit"] = referral.is_editable and may_edit(request, referral)
    if coordinator and referral.status == ReferralStatus.SUBMITTED:
        context["matches"] = _receive_candidates(request, referral, people_in_order(referral))
        context["return_form"] = forms.ReturnForm()
    record_view(request, referral, "detail")
    return render(request, "cases/referral_detail.html", context)


def _receive_candidates(
    request: AuthenticatedHttpRequest, referral: Referral, people: list[ReferralPerson]
) -> list[tuple[ReferralPerson, list[matching.Match]]]:
    """Records offered to the coordinator for each person, each with why it matched and the roles and cases
    (that the coordinator can see) it comes from: likely matches, and the record the referrer linked, if the
    coordinator can see it too. A constant number of queries, whatever the number of people."""
    user = request.user
    found = matching.candidates_for_coordinator(user, referral.area_id, [to_match(p) for p in people])
    not_offered = [
        person
        for person, matches in zip(people, found, strict=True)
        if person.person_id is not None and all(m.person.pk != person.person_id for m in matches)
    ]
    named = matching.parties_in_visible_cases(user, [p.person_id for p in not_offered if p.person_id])
    added = [person for person in not_offered if person.person_id in named]
    prefetch_related_objects(added, "person__aliases")
    linked = {
        person.pk: matching.Match(person.person, LINKED_BY_REFERRER, named[person.person.pk])
        for person in added
        if person.person is not None
    }
    return [
        (person, [linked[person.pk], *matches] if person.pk in linked else matches)
        for person, matches in zip(people, found, strict=True)
    ]


@require_POST
def referral_receive(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    links: dict[int, int | None] = {}
    for person in referral.people.all():
        value = request.POST.get(f"link_{person.pk}", "")
        # A record id links to it; "new" records a new person even if the referrer linked one.
        links[person.pk] = 0 if value == "new" else parse_id(value)
    case = receive.referral_receive(user=request.user, referral=referral, links=links)
    meeting = case_selectors.listed_meeting(case)
    listed = (
        f"listed for the MARAC meeting on {date_format(meeting.date, 'j F Y')}"
        if meeting
        else "not listed yet: there is no meeting coming up whose research deadline it can meet"
    )
    messages.success(request, f"Referral received and filed on case {case.reference}, {listed}.")
    return redirect("case-detail", case_id=case.pk)


@require_POST
def referral_return(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    if not case_selectors.user_coordinates(request.user, referral.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can return a referral.")
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        services.referral_return(user=request.user, referral=referral, reason=form.cleaned_data["reason"])
        messages.success(request, "The referral has been returned to the referring agency.")
        return redirect("referral-list")
    context = summary_context(request, referral)
    context.update({"is_coordinator": True, "return_form": form, "matches": []})
    return render(request, "cases/referral_detail.html", context, status=400)
