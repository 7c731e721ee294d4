"""Drafting a referral: the task list, one topic a page, people, the checklist and check your answers (thin)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import BaseForm, Textarea
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors as case_selectors
from cases.models import PartyRole, Referral, ReferralPerson
from cases.people import matching
from cases.referrals import forms, instruments, selectors, services
from cases.referrals.criteria import Thresholds
from cases.referrals.handoff import services as handoff
from cases.referrals.summary import may_edit, people_in_order, record_view, summary_context, to_match
from cases.referrals.views.checklist import referral_checklist
from marac import audit
from marac.forms import set_language_prompt_id
from marac.http import AuthenticatedHttpRequest
from marac.language import LanguagePrompt, language_prompts_for
from marac.models import AuditVerb
from marac.versioning import StaleVersionError, parse_version

STALE_MESSAGE = (
    "Someone else changed this referral while you were editing it. Your changes are shown below: "
    "check them against the latest version and save again."
)


# Section slug -> the form for that page: referral-level questions, or the victim's details.
REFERRAL_SECTION_FORMS: dict[str, type[forms.ReferralForm]] = {
    "referrer": forms.ReferrerForm,
    "incident": forms.IncidentForm,
    "reason": forms.ReasonForm,
    "strengths": forms.StrengthsForm,
    "professionals": forms.ProfessionalsForm,
    "consent": forms.ConsentForm,
}
VICTIM_SECTION_FORMS: dict[str, type[forms.PersonForm]] = {
    "victim": forms.VictimForm,
    "victim-contact": forms.VictimContactForm,
    "victim-equality": forms.VictimEqualityForm,
}
SectionForm = forms.ReferralForm | forms.PersonForm
# Field name -> the wording prompts for what was typed there.
Prompts = dict[str, list[LanguagePrompt]]

SECTION_TITLES = {section.slug: section.title for section in services.SECTIONS}
SECTION_ORDER = [section.slug for section in services.SECTIONS]


def _next_section(slug: str) -> str | None:
    index = SECTION_ORDER.index(slug)
    return SECTION_ORDER[index + 1] if index + 1 < len(SECTION_ORDER) else None


def _after_save(request: AuthenticatedHttpRequest, referral: Referral, slug: str) -> HttpResponse:
    """'Save and continue' goes to the next section; 'save and come back later' to the task list."""
    if request.POST.get("action") == "later":
        messages.success(request, "Your answers have been saved. You can come back to this referral at any time.")
        return redirect("referral-tasks", public_id=referral.public_id)
    following = _next_section(slug)
    if following is None:
        return redirect("referral-check", public_id=referral.public_id)
    return redirect("referral-section", public_id=referral.public_id, section=following)


def _editable_or_redirect(referral: Referral, request: AuthenticatedHttpRequest, page: str) -> HttpResponse | None:
    """The editing pages are for the drafter and their agency's representative, until it is sent.
    Reading one (a GET) is audited as a view of the referral on ``page``."""
    if not referral.is_editable or not may_edit(request, referral):
        return redirect("referral-detail", public_id=referral.public_id)
    if request.method == "GET":
        record_view(request, referral, page)
    return None


def _language(form: BaseForm) -> Prompts:
    """Survivor-blaming language prompts for the form's free-text answers (never blocking)."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return {}
    texts = {
        name: str(form.cleaned_data.get(name) or "")
        for name, field in form.fields.items()
        if isinstance(field.widget, Textarea)
    }
    prompts = language_prompts_for(texts)
    for name in prompts:
        # The field names the prompt block in aria-describedby (marac_tags.with_described_by).
        set_language_prompt_id(form.fields[name], f"{form[name].auto_id}-language")
    return prompts


@require_GET
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    lists = selectors.referral_lists_for_user(request.user)
    audit.record_read(request, verb=AuditVerb.LIST, object_type="cases.referral", page="referrals")
    context = {
        **lists,
        "incoming_transfers": case_selectors.incoming_transfers(request.user),
        "can_refer": selectors.referral_areas_for(request.user).exists(),
    }
    return render(request, "cases/referral_list.html", context)


@require_http_methods(["GET", "POST"])
def referral_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    areas = selectors.referral_areas_for(request.user)
    if not areas.exists():
        raise Http404
    form = forms.StartReferralForm(request.POST or None, areas=areas, initial={"area": areas.first()})
    if request.method == "POST" and form.is_valid():
        referral = services.referral_start(user=request.user, area=form.cleaned_data["area"])
        return redirect("referral-section", public_id=referral.public_id, section=SECTION_ORDER[0])
    return render(request, "cases/referral_start.html", {"form": form}, status=400 if form.errors else 200)


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
def referral_tasks(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    if (response := _editable_or_redirect(referral, request, "tasks")) is not None:
        return response
    problems = services.referral_problems(referral)
    status = _section_status(referral, problems)
    return render(
        request,
        "cases/referral_tasks.html",
        {
            "referral": referral,
            "sections": [(s, status[s.slug]) for s in services.SECTIONS],
            "problems": problems,
            "can_delete": handoff.may_delete(request.user, referral),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_section(request: AuthenticatedHttpRequest, public_id: str, section: str) -> HttpResponse:
    if section in ("perpetrators", "children"):
        return redirect("referral-people", public_id=public_id, group=section)
    if section == "checklist":
        return referral_checklist(request, public_id)
    if section not in REFERRAL_SECTION_FORMS and section not in VICTIM_SECTION_FORMS:
        raise Http404
    referral = selectors.referral_get_for_user(request.user, public_id)
    if (response := _editable_or_redirect(referral, request, section)) is not None:
        return response
    form = _section_form(request, referral, section)
    status = 200
    prompts: Prompts = {}
    if request.method == "POST":
        if form.is_valid():
            try:
                _section_save(request, referral, form)
            except StaleVersionError:
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
        status = 409 if STALE_MESSAGE in form.non_field_errors() else 400
    return render(
        request, "cases/referral_section.html", _section_context(referral, section, form, prompts), status=status
    )


def _section_form(request: AuthenticatedHttpRequest, referral: Referral, section: str) -> SectionForm:
    data = request.POST or None
    if section in VICTIM_SECTION_FORMS:
        form_class = VICTIM_SECTION_FORMS[section]
        return form_class(data, instance=referral.victim, referral_date=timezone.localdate(referral.created_at))
    return REFERRAL_SECTION_FORMS[section](data, instance=referral)


def _section_save(request: AuthenticatedHttpRequest, referral: Referral, form: SectionForm) -> None:
    """Save a valid section form through the services (``StaleVersionError`` if it is out of date)."""
    if isinstance(form, forms.PersonForm):
        services.referral_person_save(
            user=request.user, referral=referral, role=PartyRole.VICTIM, person=referral.victim, data=form.person_data()
        )
        return
    services.referral_update(
        user=request.user,
        referral=referral,
        data={name: form.cleaned_data[name] for name in form.Meta.fields},
        expected_version=parse_version(request.POST.get("version")) or None,
    )


def _section_context(
    referral: Referral, section: str, form: SectionForm, prompts: Prompts, *, saved: bool = False
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
        criteria = instruments.referral_criteria(referral)
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
def referral_people(request: AuthenticatedHttpRequest, public_id: str, group: str) -> HttpResponse:
    if group not in PEOPLE_GROUPS:
        raise Http404
    referral = selectors.referral_get_for_user(request.user, public_id)
    if (response := _editable_or_redirect(referral, request, "people")) is not None:
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
def referral_person(
    request: AuthenticatedHttpRequest, public_id: str, group: str, person_id: int | None = None
) -> HttpResponse:
    if group not in PEOPLE_GROUPS:
        raise Http404
    referral = selectors.referral_get_for_user(request.user, public_id)
    if (response := _editable_or_redirect(referral, request, "person")) is not None:
        return response
    roles, form_class, slug = PEOPLE_GROUPS[group]
    person: ReferralPerson | None = None
    if person_id is not None:
        person = next((p for p in referral.people.all() if p.pk == person_id and p.role in roles), None)
        if person is None:
            raise Http404
    initial = {"role": person.role} if person else {}
    form = form_class(
        request.POST or None, instance=person, initial=initial, referral_date=timezone.localdate(referral.created_at)
    )
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data.get("role") or roles[0]
        services.referral_person_save(
            user=request.user,
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
def referral_person_remove(
    request: AuthenticatedHttpRequest, public_id: str, group: str, person_id: int
) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    roles = PEOPLE_GROUPS[group][0] if group in PEOPLE_GROUPS else []
    person = next((p for p in referral.people.all() if p.pk == person_id and p.role in roles), None)
    if person is None:
        raise Http404
    services.referral_person_remove(user=request.user, referral=referral, person=person)
    messages.success(request, "The person has been removed from this referral.")
    return redirect("referral-people", public_id=referral.public_id, group=group)


@require_GET
def referral_check(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    if (response := _editable_or_redirect(referral, request, "check")) is not None:
        return response
    context = summary_context(request, referral)
    context["problem_links"] = [
        (reverse("referral-section", args=[referral.public_id, section]), message)
        for section, message in services.referral_problems(referral).items()
    ]
    # Likely existing records among the cases this user can see (never others),
    # for every unlinked person at once.
    unlinked = [person for person in people_in_order(referral) if person.person_id is None]
    matches = matching.candidates_for_user(request.user, [to_match(p) for p in unlinked])
    context["possible_matches"] = [(person, m) for person, m in zip(unlinked, matches, strict=True) if m]
    context["linked_people"] = [p for p in referral.people.all() if p.person_id is not None]
    context["can_submit"] = selectors.user_can_check(request.user, referral)
    return render(request, "cases/referral_check.html", context)
