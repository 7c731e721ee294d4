"""The live meeting: starting it, taking each case in turn, recording what is shared and decided, and closing it.

Each service checks the user's role, validates, writes in one transaction and
records its audit event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.feedback import services as feedback_services
from cases.meetings import selectors as meeting_selectors
from cases.meetings.minutes import services as minutes_services
from cases.models import (
    AgendaItem,
    Case,
    Meeting,
    MeetingStatus,
    Minutes,
)
from cases.status import services as status_services
from marac import audit
from marac.models import Agency, AuditVerb, User
from marac.versioning import StaleVersionError, fingerprint
from ppmt.models import SharedInformation
from ppmt.prompts import record_language_prompts
from ppmt.stages import PpmtStage


def meeting_start(*, user: User, meeting: Meeting) -> Meeting:
    meeting_selectors.require_running_meeting(user, meeting)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status == MeetingStatus.IN_PROGRESS:
            return locked
        if locked.status == MeetingStatus.CANCELLED:
            raise ValidationError({"meeting": "This meeting was cancelled, so it cannot be held"})
        if locked.status not in (MeetingStatus.SCHEDULED, MeetingStatus.CIRCULATED):
            raise ValidationError({"meeting": "This meeting has already been held"})
        if not locked.items.exists():
            raise ValidationError({"meeting": "There are no cases on the agenda"})
        if locked.date > timezone.localdate():
            raise ValidationError({"meeting": f"This meeting is on {locked.date:%-d %B %Y}: start it on the day"})
        locked.status = MeetingStatus.IN_PROGRESS
        locked.save(update_fields=["status"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": "in_progress"})
    return locked


def item_open(*, user: User, item: AgendaItem) -> AgendaItem:
    """The chair opens a case: its timer starts (once; a refresh keeps it)."""
    meeting_selectors.require_running_item(user, item)
    if item.started_at is None:
        AgendaItem.objects.filter(pk=item.pk, started_at__isnull=True).update(started_at=timezone.now())
        item.refresh_from_db()
    return item


def shared_add(*, user: User, item: AgendaItem, agency: Agency, stage: str, text: str) -> SharedInformation:
    """Record what an agency newly shared, under a PPMT stage. Saved at once."""
    meeting_selectors.require_running_item(user, item)
    errors = {}
    if stage not in PpmtStage.values:
        errors["stage"] = "Select the PPMT stage this information belongs to"
    if not text.strip():
        errors["text"] = "Enter what was shared"
    if not item.meeting.invited_agencies.filter(pk=agency.pk).exists():
        errors["agency"] = "Select an agency invited to this meeting"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        shared = SharedInformation.objects.create(
            item=item, agency=agency, stage=stage, text=text.strip(), recorded_by=user
        )
        record_language_prompts(
            user=user, case=item.case, source="meeting", source_id=shared.pk, field="text", text=shared.text
        )
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=shared, area=item.meeting.area, detail={"stage": stage})
    return shared


def item_save_decisions(
    *, user: User, item: AgendaItem, decisions: str, finish: bool, expected: str | None = None
) -> AgendaItem:
    """Save the decisions for a case; ``finish`` closes it and stops its timer.

    ``expected`` is the fingerprint (``marac.versioning.fingerprint``) of the decisions the editor
    loaded: if someone saved other decisions since, ``StaleVersionError``. None checks nothing.
    """
    meeting_selectors.require_running_item(user, item)
    with transaction.atomic():
        # The row lock first, then the check: two saves from one page cannot both pass it.
        current = AgendaItem.objects.select_for_update().values_list("decisions", flat=True).get(pk=item.pk)
        if expected is not None and fingerprint(current) != expected:
            raise StaleVersionError
        fields = {"decisions": decisions.strip()}
        if finish:
            fields["finished_at"] = timezone.now()  # type: ignore[assignment]
            if item.started_at is None:
                fields["started_at"] = fields["finished_at"]
        AgendaItem.objects.filter(pk=item.pk).update(**fields)
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=item, area=item.meeting.area, detail={"finished": finish})
    item.refresh_from_db()
    return item


def next_item(item: AgendaItem) -> AgendaItem | None:
    return (
        item.meeting.items.filter(position__gt=item.position).order_by("position", "id").first()
        or item.meeting.items.filter(finished_at__isnull=True).exclude(pk=item.pk).order_by("position").first()
    )


def meeting_close(*, user: User, meeting: Meeting) -> Minutes:
    """End the meeting: it is held, the draft minutes are generated, and the
    referrers and keyworkers are told each case was heard (``cases.feedback``)."""
    meeting_selectors.require_running_meeting(user, meeting)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status == MeetingStatus.HELD and hasattr(locked, "minutes"):
            return locked.minutes
        if locked.status != MeetingStatus.IN_PROGRESS:
            raise ValidationError({"meeting": "Start the meeting before closing it"})
        locked.status = MeetingStatus.HELD
        locked.save(update_fields=["status"])
        minutes = minutes_services.minutes_generate(locked)
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": "held"})
        # Every case listed at the meeting has now been heard.
        for case in Case.objects.filter(agenda_items__meeting=locked).order_by("pk"):
            status_services.case_heard(user=user, case=case, meeting=locked)
        # Who referred each case, and its keyworkers, are told it was heard (a notice and an email).
        feedback_services.hearing_feedback(user=user, meeting=locked)
    return minutes
