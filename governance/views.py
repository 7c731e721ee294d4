"""The governance dashboard, the quarterly data return (CSV), the report (PDF) and the API.

Aggregates only: no page here shows a person or a case reference. Every
figure comes from governance.figures, so the four outputs agree.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.referrals import selectors
from governance.data_return import COLUMNS, data_return_rows
from governance.figures import Figures, governance_figures
from governance.selectors import governance_areas
from governance.services import referral_review_record
from marac import audit
from marac.api import api_user, error_responses
from marac.http import AuthenticatedHttpRequest, parse_id
from marac.models import AuditVerb, MaracArea, User
from marac.pdf import pdf_response
from marac.spreadsheet import csv_writer

# The years a quarter may name: from before any MARAC to the last whose fourth quarter ends in a real date.
FIRST_YEAR, LAST_YEAR = 1900, 9998


def quarter_bounds(label: str | None, today: date) -> tuple[date, date, str]:
    """'2026-Q3' -> (1 Jul 2026, 30 Sep 2026). Default: the last complete quarter,
    also for a label that is malformed or outside the years the service can hold."""
    year = parse_id(label[:4]) if label and len(label) == 7 and label[4:6] == "-Q" and label[6] in "1234" else None
    if label and year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        quarter = int(label[6])
    else:
        current = (today.month - 1) // 3 + 1
        year, quarter = (today.year, current - 1) if current > 1 else (today.year - 1, 4)
    start = date(year, 3 * quarter - 2, 1)
    end = (date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - timedelta(days=1)
    return start, end, f"{year}-Q{quarter}"


def _selection(user: User, params: QueryDict) -> tuple[list[MaracArea], date, date, str, str]:
    """The areas, quarter bounds and quarter label chosen by the ``area`` and
    ``quarter`` parameters (a page's ``request.GET``, the API's ``query_params``),
    and the chosen area ("all" or an area id)."""
    areas = governance_areas(user)
    if not areas:
        raise Http404
    chosen = params.get("area", "all")
    if chosen != "all":
        areas = [a for a in areas if str(a.pk) == chosen]
        if not areas:
            raise Http404
    start, end, label = quarter_bounds(params.get("quarter"), timezone.localdate())
    return areas, start, end, label, chosen


def _quarters(today: date, count: int = 8) -> list[str]:
    labels = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(count):
        labels.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return labels


def _record(
    request: HttpRequest | Request, user: User, verb: str, label: str, areas: list[MaracArea], fmt: str
) -> None:
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=verb,
            object_type="governance.figures",
            area=areas[0] if len(areas) == 1 else None,
            detail={"quarter": label, "areas": [a.pk for a in areas], "format": fmt},
            request=request,
        )


@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    areas, start, end, label, chosen = _selection(request.user, request.GET)
    figures = governance_figures(areas=areas, start=start, end=end)
    _record(request, request.user, AuditVerb.VIEW, label, areas, "page")
    return render(
        request,
        "governance/dashboard.html",
        {
            "figures": figures,
            "quarter": label,
            "quarters": sorted({*_quarters(timezone.localdate()), label}, reverse=True),
            "all_areas": governance_areas(request.user),
            "chosen": chosen,
            "query": f"area={chosen}&quarter={label}",
        },
    )


@require_GET
def data_return_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    areas, start, end, label, _ = _selection(request.user, request.GET)
    rows = data_return_rows(areas=areas, start=start, end=end)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="marac-data-return-{label}.csv"'
    writer = csv_writer(response)
    writer.writerow([title for _, title in COLUMNS])
    for row in rows:
        writer.writerow([row[key] for key, _ in COLUMNS])
    _record(request, request.user, AuditVerb.EXPORT, label, areas, "csv")
    return response


@require_GET
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    areas, start, end, label, _ = _selection(request.user, request.GET)
    figures = governance_figures(areas=areas, start=start, end=end)
    response = pdf_response(
        request, "governance/report.html", {"figures": figures, "quarter": label}, f"marac-governance-{label}.pdf"
    )
    _record(request, request.user, AuditVerb.EXPORT, label, areas, "pdf")
    return response


def figures_json(figures: Figures) -> dict[str, Any]:
    """The figures as the API returns them (display values, suppression applied)."""
    return {
        "areas": [a.code for a in figures.areas],
        "start": figures.start.isoformat(),
        "end": figures.end.isoformat(),
        "meetings_held": figures.meetings_held.display,
        "cases_heard": figures.cases_heard.display,
        "expected_cases": figures.expected_cases,
        "repeats": figures.repeats.display,
        "repeat_rate": figures.repeat_rate,
        "children": figures.children.display,
        "counter_allegations": figures.counter_allegations.display,
        "other_processes": {label: f.display for label, f in figures.processes},
        "heard_three_times_in_12_months": figures.review_due.display,
        "referrals_total": figures.referrals_total.display,
        "referrals_by_agency": {name: f.display for name, f in figures.referrals_by_agency},
        "police_share": figures.police_share,
        "days_referral_to_meeting": {"median": figures.days_to_meeting_median, "mean": figures.days_to_meeting_mean},
        "attendance": [
            {k: (v.display if hasattr(v, "display") else v) for k, v in row.items()} for row in figures.attendance
        ],
        "agencies_missing_repeatedly": figures.missing_repeatedly,
        "actions_by_agency": [
            {k: (v.display if hasattr(v, "display") else v) for k, v in row.items()}
            for row in figures.actions_by_agency
        ],
        "oldest_overdue_action_due": figures.oldest_overdue.isoformat() if figures.oldest_overdue else None,
        "persistent_overdue_actions": figures.persistent_overdue.display,
        "victims": {group: {label: f.display for label, f in rows} for group, rows in figures.profile.items()},
        "persons_causing_harm_aged_17_or_under": figures.perpetrators_17_or_under.display,
        "needs": {label: f.display for label, f in figures.needs},
        "practice": figures.practice,
        "actions_by_focus": {
            label: {"count": f.display, "share": share} for label, f, share in figures.actions_by_focus
        },
        "language_prompts": {"raised": figures.language_raised.display, "reframed": figures.language_reframed.display},
        "inappropriate_referrals_by_agency": {name: f.display for name, f in figures.inappropriate_by_agency},
        "feedback_sent": figures.feedback_sent.display,
    }


class GovernanceFiguresApi(APIView):
    token_scopes = {"GET": "governance:read"}  # API token scopes (marac.tokens)

    @extend_schema(
        parameters=[
            OpenApiParameter("area", str, description="An area id, or 'all' (default)"),
            OpenApiParameter("quarter", str, description="For example 2026-Q3 (default: the last complete quarter)"),
        ],
        responses={200: OpenApiTypes.OBJECT, **error_responses(404)},
        summary="Governance figures for a quarter: aggregates only, small numbers suppressed",
    )
    def get(self, request: Request) -> Response:
        user = api_user(request)
        areas, start, end, label, _ = _selection(user, request.query_params)
        figures = governance_figures(areas=areas, start=start, end=end)
        _record(request, user, AuditVerb.VIEW, label, areas, "api")
        return Response(figures_json(figures))


@require_POST
def referral_review(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The coordinator records the governance group's review and sends the feedback."""
    referral = selectors.referral_get_for_user(request.user, public_id)
    try:
        referral_review_record(
            user=request.user,
            referral=referral,
            inappropriate=request.POST.get("inappropriate") == "yes",
            feedback=request.POST.get("feedback", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The review is recorded and the feedback sent to the referring agency.")
    return redirect("referral-detail", public_id=referral.public_id)
