"""The coordinator's case list (thin: the form shapes the filters, the selectors read)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.caselist import selectors
from cases.caselist.forms import CaseListForm
from cases.models import Case
from marac import audit
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb


@require_GET
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cases of the areas the user coordinates or chairs; 404 to anyone else, as a page that is not there."""
    areas = list(selectors.caselist_areas(request.user))
    if not areas:
        raise Http404
    form = CaseListForm(request.GET, areas=areas, meetings=selectors.caselist_meetings([area.pk for area in areas]))
    valid = form.is_valid()
    cases = selectors.case_list(request.user, form.filters()) if valid else Case.objects.none()
    paginator = selectors.CappedPaginator(cases, selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.case_rows(list(page.object_list))
    shown_area = areas[0] if len(areas) == 1 else (form.cleaned_data.get("area") if valid else None)
    audit.record_read(
        request,
        verb=AuditVerb.LIST,
        object_type="cases.case",
        page="case-list",
        area=shown_area,
        detail={"cases": [row.case.pk for row in rows], "page_number": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "capped": paginator.capped,
        "count_cap": selectors.COUNT_CAP,
        "several_areas": len(areas) > 1,
        "query": query.urlencode(),
    }
    return render(request, "cases/case_list.html", context, status=200 if valid else 400)
