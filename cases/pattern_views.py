"""The pattern page of a person causing harm (thin: the selector decides what is shown)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marac import audit
from marac.models import AuditVerb

from .pattern import person_pattern_for_user


@require_GET
def person_pattern(request: HttpRequest, person_id: int) -> HttpResponse:
    pattern = person_pattern_for_user(request.user, person_id)  # type: ignore[arg-type]
    with transaction.atomic():
        audit.record(
            actor=request.user,  # type: ignore[arg-type]
            verb=AuditVerb.VIEW,
            obj=pattern.person,
            detail={"page": "pattern", "cases": len(pattern.cases)},
            request=request,
        )
    return render(request, "cases/person_pattern.html", {"pattern": pattern})
