"""Referral and case pages. Thin: selectors read, services change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marac import audit
from marac.models import AuditVerb
from ppmt.language import language_prompts_for

from . import forms, selectors, services
from .criteria import Reason, Thresholds
from .models import CaseStatus, CaseTransfer, PartyRole, Referral, ReferralPerson, ReferralStatus

STALE_MESSAGE = (
    "Someone else changed this referral while you were editing it. Your changes are shown below: "
    "check them against the latest version and save again."
)

# Section slug -> (form class, what it edits, page title)
SECTION_FORMS: dict[str, tuple[type[Any], str]] = {
    "referrer": (forms.ReferrerForm, "referral"),
    "victim": (forms.VictimForm, "victim"),
    "victim-contact": (forms.VictimContactForm, "victim"),
    "victim-equality": (forms.VictimEqualityForm, "victim"),
    "incident": (forms.IncidentForm, "referral"),
    "reason": (forms.ReasonForm, "referral"),
    "strengths": (forms.StrengthsForm, "referral"),
    "professionals": (forms.ProfessionalsForm, "referral"),
    "consent": (forms.ConsentForm, "referral"),
}
ROLE_ORDER = {PartyRole.VICTIM: 0, PartyRole.PERPETRATOR: 1, PartyRole.CHILD: 2, PartyRole.HOUSEHOLD: 3}
SECTION_TITLES = {section.slug: section.title for section in services.SECTIONS}
SECTION_ORDER = [section.slug for section in services.SECTIONS]


def _next_section(slug: str) -> str | None:
    index = SECTION_ORDER.index(slug)
    return SECTION_ORDER[index + 1] if index + 1 < len(SECTION_ORDER) else None


def _after_save(request: HttpRequest, referral: Referral, slug: str) -> HttpResponse:
    """'Save and continue' goes to the next section; 'save and come back later' to the task list."""
    if request.POST.get("action") == "later":
        messages.success(request, "Your answers have been saved. You can come back to this referral at any time.")
        return redirect("referral-tasks", public_id=referral.public_id)
    following = _next_section(slug)
    if following is None:
        return redirect("referral-check", public_id=referral.public_id)
    return redirect("referral-section", public_id=referral.public_id, section=following)


def _may_edit(request: HttpRequest, referral: Referral) -> bool:
    return referral.drafted_by_id == request.user.pk or selectors.user_can_check(request.user, referral)  # type: ignore[arg-type]


def _editable_or_redirect(referral: Referral, request: HttpRequest) -> HttpResponse | None:
    """The editing pages are for the drafter and their agency's representative, until it is sent."""
    if not referral.is_editable or not _may_edit(request, referral):
        return redirect("referral-detail", public_id=referral.public_id)
    return None


def _language(form: Any) -> dict[str, Any]:
    """Survivor-blaming language prompts for the form's free-text answers (never blocking)."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return {}
    texts = {
        name: str(form.cleaned_data.get(name) or "")
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.forms.Textarea)
    }
    prompts = language_prompts_for(texts)
    for name in prompts:
        # The field names the prompt block in aria-describedby (marac_tags.with_described_by).
        form.fields[name].language_id = f"{form[name].auto_id}-language"
    return prompts


def _record_view(request: HttpRequest, referral: Referral, page: str) -> None:
    audit.record(actor=request.user, verb=AuditVerb.VIEW, obj=referral, detail={"page": page}, request=request)  # type: ignore[arg-type]


# --- Lists and starting ------------------------------------------------------------------


@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    lists = selectors.referral_lists_for_user(request.user)  # type: ignore[arg-type]
    with transaction.atomic():
        audit.record(actor=request.user, verb=AuditVerb.LIST, object_type="cases.referral", request=request)  # type: ignore[arg-type]
    context = {
        **lists,
        "incoming_transfers": selectors.incoming_transfers(request.user),  # type: ignore[arg-type]
        "can_refer": selectors.referral_areas_for(request.user).exists(),  # type: ignore[arg-type]
    }
    return render(request, "cases/referral_list.html", context)


@require_http_methods(["GET", "POST"])
def referral_start(request: HttpRequest) -> HttpResponse:
    areas = selectors.referral_areas_for(request.user)  # type: ignore[arg-type]
    if not areas.exists():
        raise Http404
    form = forms.StartReferralForm(request.POST or None, areas=areas, initial={"area": areas.first()})
    if request.method == "POST" and form.is_valid():
        referral = services.referral_start(user=request.user, area=form.cleaned_data["area"])  # type: ignore[arg-type]
        return redirect("referral-section", public_id=referral.public_id, section=SECTION_ORDER[0])
    return render(request, "cases/referral_start.html", {"form": form}, status=400 if form.errors else 200)


# --- The journey -----------------------------------------------------------------------------


def _section_status(referral: Referral, problems: dict[str, str]) -> dict[str, str]:
    victim = referral.victim
    answered = {
        "referrer": bool(referral.referrer_phone),
        "victim": bool(victim and (victim.given_names or victim.family_name)),
        "victim-contact": bool(victim and (victim.address or victim.safe_phone or victim.preferred_language)),
        "victim-equality": bool(victim and (victim.black_or_minoritised or victim.lgbt or victim.disabled)),
        "perpetrators": bool(selectors.referral_people(referral, PartyRole.PERPETRATOR)),
        "children": any(p.role in (PartyRole.CHILD, PartyRole.HOUSEHOLD) for p in referral.people.all()),
        "checklist": bool(referral.checklist.answers or referral.checklist.completed_elsewhere),
        "incident": referral.incident_date is not None or referral.police_callouts is not None,
        "reason": bool(referral.reason),
        "strengths": bool(referral.strengths),
        "professionals": bool(referral.risks_to_professionals),
        "consent": bool(referral.consent),
    }
    status = {}
    for slug in SECTION_ORDER:
        if slug in problems and answered[slug]:
            status[slug] = "incomplete"
        elif answered[slug]:
            status[slug] = "completed"
        else:
            status[slug] = "required" if slug in problems else "optional"
    return status


@require_GET
def referral_tasks(request: HttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    if (response := _editable_or_redirect(referral, request)) is not None:
        return response
    problems = services.referral_problems(referral)
    status = _section_status(referral, problems)
    with transaction.atomic():
        _record_view(request, referral, "tasks")
    return render(
        request,
        "cases/referral_tasks.html",
        {
            "referral": referral,
            "sections": [(s, status[s.slug]) for s in services.SECTIONS],
            "problems": problems,
        },
    )


@require_http_methods(["GET", "POST"])
def referral_section(request: HttpRequest, public_id: str, section: str) -> HttpResponse:
    if section == "perpetrators":
        return redirect("referral-people", public_id=public_id, group="perpetrators")
    if section == "children":
        return redirect("referral-people", public_id=public_id, group="children")
    if section == "checklist":
        return referral_checklist(request, public_id)
    if section not in SECTION_FORMS:
        raise Http404
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    if (response := _editable_or_redirect(referral, request)) is not None:
        return response
    form_class, target = SECTION_FORMS[section]
    if target == "victim":
        form = form_class(request.POST or None, instance=referral.victim, referral_date=referral.created_at.date())
    else:
        form = form_class(request.POST or None, instance=referral)
    status = 200
    prompts: dict[str, Any] = {}
    if request.method == "POST":
        if form.is_valid():
            try:
                if target == "victim":
                    services.referral_person_save(
                        user=request.user,  # type: ignore[arg-type]
                        referral=referral,
                        role=PartyRole.VICTIM,
                        person=referral.victim,
                        data=form.person_data(),
                    )
                else:
                    services.referral_update(
                        user=request.user,  # type: ignore[arg-type]
                        referral=referral,
                        data={name: form.cleaned_data[name] for name in form.Meta.fields},
                        expected_version=int(request.POST.get("version") or 0) or None,
                    )
            except services.StaleEditError:
                form.add_error(None, STALE_MESSAGE)
                referral.refresh_from_db()
            else:
                prompts = _language(form)
                if prompts and request.POST.get("language_seen") != "1":
                    # Saved; show the wording prompts once before moving on (never blocking).
                    referral.refresh_from_db()
                    return render(
                        request,
                        "cases/referral_section.html",
                        _section_context(referral, section, form, prompts, saved=True),
                    )
                return _after_save(request, referral, section)
        status = 400
    return render(
        request, "cases/referral_section.html", _section_context(referral, section, form, prompts), status=status
    )


def _section_context(
    referral: Referral, section: str, form: Any, prompts: dict[str, Any], *, saved: bool = False
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "referral": referral,
        "section": section,
        "title": SECTION_TITLES[section],
        "form": form,
        "language_prompts": prompts,
        "saved_with_prompts": saved,
    }
    if section == "reason":
        criteria = services.referral_criteria(referral)
        thresholds = Thresholds.for_area(referral.area)
        context["criteria"] = criteria
        context["criteria_reasons"] = [(r.label, r.describe(thresholds)) for r in criteria.sorted_reasons]
        context["thresholds"] = thresholds
    return context


PEOPLE_GROUPS = {
    "perpetrators": ([PartyRole.PERPETRATOR], forms.PerpetratorForm, "perpetrators"),
    "children": ([PartyRole.CHILD, PartyRole.HOUSEHOLD], forms.HouseholdMemberForm, "children"),
}


@require_GET
def referral_people(request: HttpRequest, public_id: str, group: str) -> HttpResponse:
    if group not in PEOPLE_GROUPS:
        raise Http404
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    if (response := _editable_or_redirect(referral, request)) is not None:
        return response
    roles, _, slug = PEOPLE_GROUPS[group]
    people = [p for p in referral.people.all() if p.role in roles]
    return render(
        request,
        "cases/referral_people.html",
        {
            "referral": referral,
            "group": group,
            "people": people,
            "title": SECTION_TITLES[slug],
            "next_section": _next_section(slug),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_person(request: HttpRequest, public_id: str, group: str, person_id: int | None = None) -> HttpResponse:
    if group not in PEOPLE_GROUPS:
        raise Http404
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    if (response := _editable_or_redirect(referral, request)) is not None:
        return response
    roles, form_class, slug = PEOPLE_GROUPS[group]
    person: ReferralPerson | None = None
    if person_id is not None:
        person = next((p for p in referral.people.all() if p.pk == person_id and p.role in roles), None)
        if person is None:
            raise Http404
    initial = {"role": person.role} if person else {}
    form = form_class(request.POST or None, instance=person, initial=initial, referral_date=referral.created_at.date())
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data.get("role") or roles[0]
        services.referral_person_save(
            user=request.user,  # type: ignore[arg-type]
            referral=referral,
            role=role,
            person=person,
            data=form.person_data(),
        )
        return redirect("referral-people", public_id=referral.public_id, group=group)
    return render(
        request,
        "cases/referral_person.html",
        {"referral": referral, "group": group, "form": form, "person": person, "title": SECTION_TITLES[slug]},
        status=400 if form.errors else 200,
    )


@require_POST
def referral_person_remove(request: HttpRequest, public_id: str, group: str, person_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    roles = PEOPLE_GROUPS[group][0] if group in PEOPLE_GROUPS else []
    person = next((p for p in referral.people.all() if p.pk == person_id and p.role in roles), None)
    if person is None:
        raise Http404
    services.referral_person_remove(user=request.user, referral=referral, person=person)  # type: ignore[arg-type]
    messages.success(request, "The person has been removed from this referral.")
    return redirect("referral-people", public_id=referral.public_id, group=group)


def referral_checklist(request: HttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    if (response := _editable_or_redirect(referral, request)) is not None:
        return response
    checklist = referral.checklist
    definition = services.instrument_definition(checklist.instrument)
    questions = checklist.instrument.questions
    initial: dict[str, Any] = {f"answer_{k}": v for k, v in checklist.answers.items()}
    initial.update({f"source_{k}": v for k, v in checklist.sources.items()})
    initial.update({"completed_elsewhere": checklist.completed_elsewhere, "recorded_score": checklist.recorded_score})
    form = forms.ChecklistForm(
        request.POST or None,
        initial=initial,
        questions=questions,
        answer_choices=list(definition.answer_choices),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_checklist_save(
                user=request.user,  # type: ignore[arg-type]
                referral=referral,
                answers=form.answers(),
                sources=form.sources(),
                completed_elsewhere=form.cleaned_data["completed_elsewhere"],
                recorded_score=form.cleaned_data["recorded_score"],
            )
        except ValidationError as exc:
            for key, message in exc.message_dict.items():
                field = key if key in form.fields else f"answer_{key}"
                form.add_error(field if field in form.fields else None, message)
        else:
            return _after_save(request, referral, "checklist")
    return render(
        request,
        "cases/referral_checklist.html",
        {
            "referral": referral,
            "form": form,
            "instrument": checklist.instrument,
            "questions": [
                (
                    q,
                    form[f"answer_{q['id']}"],
                    form[f"source_{q['id']}"] if f"source_{q['id']}" in form.fields else None,
                )
                for q in questions
            ],
            "title": SECTION_TITLES["checklist"],
        },
        status=400 if form.errors else 200,
    )


# --- Check answers, send, receive, return -----------------------------------------------------


def _summary_context(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    criteria = services.referral_criteria(referral)
    thresholds = Thresholds.for_area(referral.area)
    checklist = referral.checklist
    answers = checklist.answers
    questions = [(q, answers.get(str(q["id"]), "")) for q in checklist.instrument.questions]
    user = request.user
    can_see_contact = (
        referral.drafted_by_id == user.pk
        or referral.referring_agency_id == user.agency_id  # type: ignore[union-attr]
        or selectors.user_coordinates(user, referral.area_id)  # type: ignore[arg-type]
    )
    # The earlier case's history is shown only if the user may see that case
    # (it may be in another area); the repeat flag itself is always shown.
    repeat_visible = bool(
        referral.repeat_of_id and selectors.cases_for_user(user).filter(pk=referral.repeat_of_id).exists()  # type: ignore[arg-type]
    )
    repeat_history = selectors.case_history(referral.repeat_of) if repeat_visible and referral.repeat_of else None
    return {
        "referral": referral,
        "criteria": criteria,
        "criteria_reasons": [(r.label, r.describe(thresholds)) for r in criteria.sorted_reasons],
        "stored_reasons": [Reason(r).label for r in referral.reasons],
        "questions": questions,
        "answer_labels": dict(services.instrument_definition(checklist.instrument).answer_choices),
        "perpetrators": selectors.referral_people(referral, PartyRole.PERPETRATOR),
        "household": [p for p in referral.people.all() if p.role in (PartyRole.CHILD, PartyRole.HOUSEHOLD)],
        "victim": referral.victim,
        "can_see_contact": can_see_contact,
        "repeat_history": repeat_history,
        "section_titles": SECTION_TITLES,
    }


@require_GET
def referral_check(request: HttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    if (response := _editable_or_redirect(referral, request)) is not None:
        return response
    context = _summary_context(request, referral)
    context["problems"] = services.referral_problems(referral)
    # Likely existing records among the cases this user can see (never others),
    # for every unlinked person at once.
    unlinked = [person for person in _people_in_order(referral) if person.person_id is None]
    matches = selectors.person_matches_for_user_many(request.user, [_described(p) for p in unlinked])  # type: ignore[arg-type]
    context["possible_matches"] = [(person, m) for person, m in zip(unlinked, matches, strict=True) if m]
    context["linked_people"] = [p for p in referral.people.all() if p.person_id is not None]
    context["can_submit"] = selectors.user_can_check(request.user, referral)  # type: ignore[arg-type]
    with transaction.atomic():
        _record_view(request, referral, "check")
    return render(request, "cases/referral_check.html", context)


@require_POST
def referral_person_link(request: HttpRequest, public_id: str, person_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    person = next((p for p in referral.people.all() if p.pk == person_id), None)
    if person is None:
        raise Http404
    value = request.POST.get("existing", "")
    if not value.isdigit() and person.person_id is None:
        messages.error(request, "Select the existing record that is the same person, or leave it unlinked.")
        return redirect("referral-check", public_id=referral.public_id)
    services.referral_person_link(
        user=request.user,  # type: ignore[arg-type]
        referral=referral,
        person=person,
        existing_id=int(value) if value.isdigit() else None,
    )
    messages.success(
        request,
        "Thank you: the referral now points to the existing record."
        if value.isdigit()
        else "The link to the existing record has been removed.",
    )
    return redirect("referral-check", public_id=referral.public_id)


@require_POST
def referral_send(request: HttpRequest, public_id: str) -> HttpResponse:
    """Send to the agency's representative (practitioner) or to the MARAC (representative)."""
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    try:
        if selectors.user_can_check(request.user, referral):  # type: ignore[arg-type]
            referral = services.referral_submit(user=request.user, referral=referral)  # type: ignore[arg-type]
            messages.success(request, "The referral has been sent to the MARAC coordinator.")
        else:
            referral = services.referral_mark_ready(user=request.user, referral=referral)  # type: ignore[arg-type]
            messages.success(request, "The referral has been sent to your agency's MARAC representative to check.")
    except ValidationError:
        messages.error(request, "The referral is not finished yet: answer the questions marked below.")
        return redirect("referral-check", public_id=referral.public_id)
    return redirect("referral-detail", public_id=referral.public_id)


@require_GET
def referral_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    context = _summary_context(request, referral)
    coordinator = selectors.user_coordinates(request.user, referral.area_id)  # type: ignore[arg-type]
    context["is_coordinator"] = coordinator
    context["can_edit"] = referral.is_editable and _may_edit(request, referral)
    if coordinator and referral.status == ReferralStatus.SUBMITTED:
        context["matches"] = _receive_candidates(request, referral, _people_in_order(referral))
        context["return_form"] = forms.ReturnForm()
    with transaction.atomic():
        _record_view(request, referral, "detail")
    return render(request, "cases/referral_detail.html", context)


def _people_in_order(referral: Referral) -> list[ReferralPerson]:
    return sorted(referral.people.all(), key=lambda p: (ROLE_ORDER.get(p.role, 9), p.position, p.pk))


def _described(person: ReferralPerson) -> tuple[str, str, Any]:
    return person.given_names, person.family_name, person.date_of_birth


def _receive_candidates(
    request: HttpRequest, referral: Referral, people: list[ReferralPerson]
) -> list[tuple[ReferralPerson, list[Any]]]:
    """Records offered to the coordinator for each person: fuzzy matches they can
    see, and the record the referrer linked, if the coordinator can see it too.
    A constant number of queries, whatever the number of people."""
    user: Any = request.user
    found = selectors.person_matches_for_coordinator_many(user, referral.area_id, [_described(p) for p in people])
    not_offered = [
        person
        for person, matches in zip(people, found, strict=True)
        if person.person_id is not None and all(m.pk != person.person_id for m in matches)
    ]
    visible = selectors.people_in_visible_cases(user, [p.person_id for p in not_offered if p.person_id])
    added = [person for person in not_offered if person.person_id in visible]
    prefetch_related_objects(added, "person__aliases")
    linked = {person.pk: person.person for person in added}
    return [
        (person, [linked[person.pk], *matches] if person.pk in linked else matches)
        for person, matches in zip(people, found, strict=True)
    ]


@require_POST
def referral_receive(request: HttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    links: dict[int, int | None] = {}
    for person in referral.people.all():
        value = request.POST.get(f"link_{person.pk}", "")
        # A record id links to it; "new" records a new person even if the referrer linked one.
        links[person.pk] = int(value) if value.isdigit() else (0 if value == "new" else None)
    case = services.referral_receive(user=request.user, referral=referral, links=links)  # type: ignore[arg-type]
    messages.success(request, f"Referral received and filed on case {case.reference}.")
    return redirect("case-detail", case_id=case.pk)


@require_POST
def referral_review(request: HttpRequest, public_id: str) -> HttpResponse:
    """The coordinator records the governance group's review and sends the feedback."""
    from governance.services import referral_review_record

    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    try:
        referral_review_record(
            user=request.user,  # type: ignore[arg-type]
            referral=referral,
            inappropriate=request.POST.get("inappropriate") == "yes",
            feedback=request.POST.get("feedback", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The review is recorded and the feedback sent to the referring agency.")
    return redirect("referral-detail", public_id=referral.public_id)


@require_POST
def referral_return(request: HttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)  # type: ignore[arg-type]
    if not selectors.user_coordinates(request.user, referral.area_id):  # type: ignore[arg-type]
        raise PermissionDenied("Only the MARAC's coordinator can return a referral.")
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        services.referral_return(user=request.user, referral=referral, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        messages.success(request, "The referral has been returned to the referring agency.")
        return redirect("referral-list")
    context = _summary_context(request, referral)
    context.update({"is_coordinator": True, "return_form": form, "matches": []})
    return render(request, "cases/referral_detail.html", context, status=400)


# --- Cases --------------------------------------------------------------------------------------


def _case_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    parties = case.parties.select_related("person").prefetch_related("person__aliases").order_by("role", "id")
    history = list(selectors.case_history(case))
    return {
        "case": case,
        "parties": parties,
        "referrals": history,
        "repeats": [r for r in history if r.is_repeat],
        "transfers_out": list(case.transfers_out.select_related("to_area", "new_case")),
        "transferred_from": CaseTransfer.objects.filter(new_case=case).select_related("case", "from_area").first(),
        "can_transfer": _can_transfer(request, case),
    }


def _can_transfer(request: HttpRequest, case: Any) -> bool:
    coordinator = selectors.user_coordinates(request.user, case.area_id)  # type: ignore[arg-type]
    return coordinator and case.status != CaseStatus.TRANSFERRED_OUT


@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)  # type: ignore[arg-type]
    with transaction.atomic():
        audit.record(actor=request.user, verb=AuditVerb.VIEW, obj=case, request=request)  # type: ignore[arg-type]
    return render(request, "cases/case_detail.html", _case_context(request, case))


@require_http_methods(["GET", "POST"])
def case_transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    """The coordinator sends the case to another MARAC (its own page: the
    choice of area is long at national scale)."""
    case = selectors.case_get_for_user(request.user, case_id)  # type: ignore[arg-type]
    form = forms.TransferForm(request.POST or None, current_area=case.area)
    if request.method == "GET":
        if not _can_transfer(request, case):
            raise PermissionDenied("Only the MARAC's coordinator can transfer a case, and only once.")
        return render(request, "cases/case_transfer.html", {"case": case, "form": form})
    if form.is_valid():
        try:
            services.case_transfer_request(
                user=request.user,  # type: ignore[arg-type]
                case=case,
                to_area=form.cleaned_data["to_area"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for field, message in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "The transfer has been sent. The receiving MARAC's coordinator will accept it.")
            return redirect("case-detail", case_id=case.pk)
    return render(request, "cases/case_transfer.html", {"case": case, "form": form}, status=400)


@require_GET
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, transfer_id)  # type: ignore[arg-type]
    receiving = selectors.user_coordinates(request.user, transfer.to_area_id)  # type: ignore[arg-type]
    with transaction.atomic():
        audit.record(actor=request.user, verb=AuditVerb.VIEW, obj=transfer, area=transfer.to_area, request=request)  # type: ignore[arg-type]
    return render(
        request,
        "cases/transfer_detail.html",
        {"transfer": transfer, "receiving": receiving, "history": list(selectors.case_history(transfer.case))},
    )


@require_POST
def transfer_accept(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, transfer_id)  # type: ignore[arg-type]
    case = services.case_transfer_accept(user=request.user, transfer=transfer)  # type: ignore[arg-type]
    messages.success(request, f"Transfer accepted: the case is now {case.reference} in {case.area.name}.")
    return redirect("case-detail", case_id=case.pk)


# --- Find a person ----------------------------------------------------------------------------


# The search terms are names of people at risk: they travel only in the POST body,
# and are hidden from error reports (request body and every frame's variables).
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def people_search(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.people_search_allowed(user):  # type: ignore[arg-type]
        raise Http404
    form = forms.PeopleSearchForm(request.POST if request.method == "POST" else None)
    if not form.is_bound:
        return render(request, "cases/people_search.html", {"form": form})
    if not form.is_valid():
        return render(request, "cases/people_search.html", {"form": form}, status=400)
    results = selectors.people_search_for_user(user, **form.search_terms())  # type: ignore[arg-type]
    with transaction.atomic():
        audit.record(
            actor=user,  # type: ignore[arg-type]
            verb=AuditVerb.SEARCH,
            object_type="cases.person",
            # Which fields were used and who was shown: never what was typed.
            detail={
                "by": list(results.by),
                "results": len(results.people),
                "more": results.more,
                "people": [found.person_id for found in results.people],
            },
            request=request,
        )
    return render(
        request,
        "cases/people_search.html",
        {"form": form, "results": results, "limit": selectors.PEOPLE_SEARCH_LIMIT},
    )
