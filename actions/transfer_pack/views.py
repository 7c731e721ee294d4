"""The transfer pack page (read only)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.transfer_pack.selectors import transfer_pack_for_user
from cases import selectors as case_selectors
from marac import audit
from marac.http import AuthenticatedHttpRequest


@require_GET
def transfer_pack(request: AuthenticatedHttpRequest, transfer_id: int) -> HttpResponse:
    pack = transfer_pack_for_user(request.user, transfer_id)
    transfer = pack.transfer
    audit.record_read(
        request,
        transfer.case,
        page="transfer-pack",
        detail={"transfer": transfer.pk, "actions": pack.action_count},
    )
    context = {
        "pack": pack,
        "transfer": transfer,
        "receiving": case_selectors.user_coordinates(request.user, transfer.to_area_id),
        "today": timezone.localdate(),
    }
    return render(request, "actions/transfer_pack.html", context)
