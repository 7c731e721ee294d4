"""The live meeting and its minutes.

Everything said is saved as it is recorded (a refresh or a lost connection
loses nothing). Minutes are generated from the record, edited by the
coordinator, approved by the chair and distributed: each agency then sees
the general section and the cases it attended.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from marac import audit
from marac.models import Agency, AuditVerb, Membership, Role, User
from ppmt.models import SharedInformation
from ppmt.stages import PpmtStage

from . import meeting_selectors, selectors
from .models import (
    AgendaItem,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesCase,
    MinutesStatus,
    Notification,
    Referral,
    ReferralStatus,
)


class StaleMinutesError(Exception):
    """Someone else saved the minutes since this user loaded them."""


def _require_running(user: User, meeting: Meeting) -> None:
    if not meeting_selectors.meetings_for_user(user).filter(pk=meeting.pk).exists():
        raise Http404
    if not selectors.user_coordinates(user, meeting.area_id):
        raise Http404  # the live meeting is the chair's and coordinator's page


def _require_item(user: User, item: AgendaItem) -> None:
    """The chair's and coordinator's, and never a case they declared a conflict on."""
    _require_running(user, item.meeting)
    if not selectors.cases_for_user(user).filter(pk=item.case_id).exists():
        raise Http404


def _is_chair(user: User, meeting: Meeting) -> bool:
    return Membership.objects.filter(user=user, area_id=meeting.area_id, role=Role.CHAIR, is_active=True).exists()


# --- The live meeting ---------------------------------------------------------------------


def meeting_start(*, user: User, meeting: Meeting) -> Meeting:
    _require_running(user, meeting)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status == MeetingStatus.IN_PROGRESS:
            return locked
        if locked.status not in (MeetingStatus.SCHEDULED, MeetingStatus.CIRCULATED):
            raise ValidationError({"meeting": "This meeting has already been held"})
        if not locked.items.exists():
            raise ValidationError({"meeting": "There are no cases on the agenda"})
        locked.status = MeetingStatus.IN_PROGRESS
        locked.save(update_fields=["status"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": "in_progress"})
    return locked


def item_open(*, user: User, item: AgendaItem) -> AgendaItem:
    """The chair opens a case: its timer starts (once; a refresh keeps it)."""
    _require_item(user, item)
    if item.started_at is None:
        AgendaItem.objects.filter(pk=item.pk, started_at__isnull=True).update(started_at=timezone.now())
        item.refresh_from_db()
    return item


def shared_add(*, user: User, item: AgendaItem, agency: Agency, stage: str, text: str) -> SharedInformation:
    """Record what an agency newly shared, under a PPMT stage. Saved at once."""
    _require_item(user, item)
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
        from ppmt.language_records import record_language_prompts

        record_language_prompts(
            user=user, case=item.case, source="meeting", source_id=shared.pk, field="text", text=shared.text
        )
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=shared, area=item.meeting.area, detail={"stage": stage})
    return shared


def item_save_decisions(*, user: User, item: AgendaItem, decisions: str, finish: bool) -> AgendaItem:
    """Save the decisions for a case; ``finish`` closes it and stops its timer."""
    _require_item(user, item)
    with transaction.atomic():
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
    referring agencies are told their cases were heard."""
    _require_running(user, meeting)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status == MeetingStatus.HELD and hasattr(locked, "minutes"):
            return locked.minutes
        if locked.status != MeetingStatus.IN_PROGRESS:
            raise ValidationError({"meeting": "Start the meeting before closing it"})
        locked.status = MeetingStatus.HELD
        locked.save(update_fields=["status"])
        minutes = minutes_generate(locked)
        _feedback_to_referrers(locked)
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": "held"})
    return minutes


def _feedback_to_referrers(meeting: Meeting) -> None:
    """Tell the referring practitioners and representatives their case was heard (no personal data)."""
    heard = Referral.objects.filter(case__agenda_items__meeting=meeting, status=ReferralStatus.RECEIVED).select_related(
        "case"
    )
    for referral in heard:
        assert referral.case is not None
        link = reverse("case-detail", args=[referral.case_id])
        for person_id in {referral.drafted_by_id, referral.submitted_by_id} - {None}:
            Notification.objects.get_or_create(
                user_id=person_id,
                dedupe_key=f"heard-{meeting.pk}-{referral.case_id}",
                defaults={
                    "message": f"Case {referral.case.reference} was heard at the MARAC on {meeting.date:%-d %B %Y}. "
                    "See the case for the actions agreed.",
                    "link": link,
                },
            )


# --- Minutes ----------------------------------------------------------------------------------


def _case_minutes_text(item: AgendaItem) -> str:
    lines: list[str] = []
    shared = list(item.shared.select_related("agency").order_by("stage", "recorded_at"))
    for stage in PpmtStage:
        entries = [s for s in shared if s.stage == stage]
        if entries:
            lines.append(f"{stage.label}:")
            lines.extend(f"- {s.agency.name}: {s.text}" for s in entries)
    if item.decisions:
        lines.append("Decisions:")
        lines.append(item.decisions)
    return "\n".join(lines) if lines else "No new information was recorded at the meeting."


def minutes_generate(meeting: Meeting) -> Minutes:
    """Draft minutes from attendance, what was shared per stage, and decisions."""
    attendance = list(meeting.attendance.select_related("agency").order_by("agency__name"))
    present = [a for a in attendance if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)]
    partial = [a for a in attendance if a.status == AttendanceStatus.PARTIAL]
    apologies = [a for a in attendance if a.status == AttendanceStatus.APOLOGIES]
    recorded = {a.agency_id for a in attendance}
    absent = [a for a in attendance if a.status == AttendanceStatus.ABSENT] + [
        agency for agency in meeting.invited_agencies.order_by("name") if agency.pk not in recorded
    ]

    def names(rows: Sequence[object]) -> str:
        return ", ".join(getattr(r, "agency", r).name for r in rows) or "none"  # type: ignore[attr-defined]

    general = "\n".join(
        [
            f"MARAC meeting, {meeting.area.name}, {meeting.date:%-d %B %Y}.",
            f"Present: {names(present)}.",
            f"Present for some cases: {names(partial)}.",
            f"Apologies: {names(apologies)}.",
            f"Not present: {names(absent)}.",
            "The chair read the confidentiality statement.",
        ]
    )
    minutes, created = Minutes.objects.get_or_create(meeting=meeting, defaults={"general": general})
    if created:
        for item in meeting.items.order_by("position"):
            MinutesCase.objects.create(minutes=minutes, item=item, text=_case_minutes_text(item))
    return minutes


def minutes_update(
    *, user: User, minutes: Minutes, general: str, case_texts: Mapping[int, str], expected_version: int | None
) -> Minutes:
    meeting = minutes.meeting
    _require_running(user, meeting)
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleMinutesError
        if locked.status != MinutesStatus.DRAFT:
            raise ValidationError({"minutes": "Approved minutes cannot be changed"})
        locked.general = general
        locked.version = F("version") + 1  # type: ignore[assignment]
        locked.save(update_fields=["general", "version"])
        for case in locked.cases.all():
            if case.item_id in case_texts:
                case.text = case_texts[case.item_id]
                case.save(update_fields=["text"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, area=meeting.area)
    locked.refresh_from_db()
    return locked


def minutes_approve(*, user: User, minutes: Minutes) -> Minutes:
    _require_running(user, minutes.meeting)
    if not _is_chair(user, minutes.meeting):
        raise PermissionDenied("Only the MARAC chair can approve the minutes.")
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.status == MinutesStatus.DRAFT:
            locked.status = MinutesStatus.APPROVED
            locked.approved_by = user
            locked.approved_at = timezone.now()
            locked.save(update_fields=["status", "approved_by", "approved_at"])
            audit.record(
                actor=user, verb=AuditVerb.CHANGE, obj=locked, area=minutes.meeting.area, detail={"status": "approved"}
            )
    return locked


def minutes_distribute(*, user: User, minutes: Minutes) -> int:
    """Send approved minutes: each invited agency's representatives are told
    (no personal data in the notice). Returns how many were told."""
    meeting = minutes.meeting
    _require_running(user, meeting)
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.status == MinutesStatus.DRAFT:
            raise ValidationError({"minutes": "The chair must approve the minutes before they are distributed"})
        if locked.status == MinutesStatus.DISTRIBUTED:
            return 0
        locked.status = MinutesStatus.DISTRIBUTED
        locked.distributed_at = timezone.now()
        locked.save(update_fields=["status", "distributed_at"])
        recipients = User.objects.filter(
            is_active=True,
            agency__in=meeting.invited_agencies.all(),
            memberships__area_id=meeting.area_id,
            memberships__role__in=[Role.REPRESENTATIVE, Role.IDAA],
        ).distinct()
        link = reverse("meeting-minutes", args=[meeting.pk])
        told = 0
        for recipient in recipients:
            Notification.objects.get_or_create(
                user=recipient,
                dedupe_key=f"minutes-{meeting.pk}",
                defaults={
                    "message": f"Minutes and actions from the MARAC meeting on {meeting.date:%-d %B %Y}",
                    "link": link,
                },
            )
            told += 1
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            area=meeting.area,
            detail={"status": "distributed", "told": told},
        )
    return told
