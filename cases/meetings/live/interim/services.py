"""Recording an interim safety action or urgent information sharing before the meeting: the area's
coordinator or chair, while the meeting is still ahead; one transaction; its wording checked; an audit event
with the kind only (never the text)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import AgendaItem, InterimKind, InterimMeasure, MeetingStatus
from cases.selectors import user_coordinates
from marac import audit
from marac.forms import MAX_TEXT_LENGTH
from marac.models import Agency, AuditVerb, User
from ppmt.prompts import record_language_prompts

NOT_COORDINATOR = "Only the MARAC's coordinator or chair records interim actions before the meeting."
MEETING_UNDER_WAY = (
    "The meeting has started or is over: agree actions at the meeting, or record them on the case's plan"
)
BEFORE_MEETING = (MeetingStatus.SCHEDULED, MeetingStatus.CIRCULATED)


def interim_record(
    *, user: User, item: AgendaItem, kind: str, text: str, agencies: Iterable[Agency], done_on: date | None
) -> InterimMeasure:
    """Record what was done for ``item``'s case before its meeting, by or with ``agencies``."""
    if not user_coordinates(user, item.meeting.area_id):
        raise PermissionDenied(NOT_COORDINATOR)
    chosen = list(agencies)
    errors: dict[str, str] = {}
    if kind not in InterimKind.values:
        errors["kind"] = "Select an interim safety action or urgent information sharing"
    if not text.strip():
        errors["text"] = "Describe what was done"
    elif len(text) > MAX_TEXT_LENGTH:
        errors["text"] = f"What was done must be {MAX_TEXT_LENGTH:,} characters or fewer"
    if not chosen:
        errors["agencies"] = "Select the agencies that acted or were told"
    if done_on is None:
        errors["done_on"] = "Enter the date it was done"
    elif done_on > timezone.localdate():
        errors["done_on"] = "The date it was done must be today or in the past"
    with transaction.atomic():
        status = type(item.meeting).objects.select_for_update().values_list("status", flat=True).get(pk=item.meeting_id)
        if status not in BEFORE_MEETING:
            errors = {NON_FIELD_ERRORS: MEETING_UNDER_WAY}
        if errors or done_on is None:
            raise ValidationError(errors)
        measure = InterimMeasure.objects.create(
            item=item, kind=kind, text=text.strip(), done_on=done_on, recorded_by=user
        )
        measure.agencies.set(chosen)
        record_language_prompts(
            user=user, case=item.case, source="interim", source_id=measure.pk, field="text", text=measure.text
        )
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=measure, area=item.meeting.area, detail={"kind": kind})
    return measure
