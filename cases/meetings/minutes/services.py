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
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from cases.meetings import selectors as meeting_selectors
from cases.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    Minutes,
    MinutesCase,
    MinutesRead,
    MinutesScope,
    MinutesStatus,
)
from cases.notifications import notify
from cases.selectors import user_coordinates
from marac import audit
from marac.models import AuditVerb, User
from marac.roles import INVITED_AGENCY_ROLES
from marac.versioning import bump_version, lock_version
from ppmt.stages import PpmtStage


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
    meeting_selectors.require_running_meeting(user, meeting)
    with transaction.atomic():
        locked = lock_version(minutes, expected_version)
        if locked.status != MinutesStatus.DRAFT:
            raise ValidationError({"minutes": "Approved minutes cannot be changed"})
        locked.general = general
        bump_version(locked, ["general"])
        for case in locked.cases.all():
            if case.item_id in case_texts:
                case.text = case_texts[case.item_id]
                case.save(update_fields=["text"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, area=meeting.area)
    return locked


def minutes_approve(*, user: User, minutes: Minutes, expected_version: int | None = None) -> Minutes:
    """The chair approves the draft they read: ``expected_version`` is its version then, so minutes
    changed since are not approved unseen (``StaleVersionError``)."""
    meeting_selectors.require_running_meeting(user, minutes.meeting)
    if not meeting_selectors.is_chair(user, minutes.meeting):
        raise PermissionDenied("Only the MARAC chair can approve the minutes.")
    with transaction.atomic():
        locked = lock_version(minutes, expected_version)
        if locked.status == MinutesStatus.DRAFT:
            locked.status = MinutesStatus.APPROVED
            locked.approved_by = user
            locked.approved_at = timezone.now()
            bump_version(locked, ["status", "approved_by", "approved_at"])
            audit.record(
                actor=user, verb=AuditVerb.CHANGE, obj=locked, area=minutes.meeting.area, detail={"status": "approved"}
            )
    return locked


SCOPE_FIXED = (
    "The minutes are approved, so what the agencies receive can no longer be changed: "
    "it goes out as approved by the chair."
)
NOT_SCOPE_SETTER = "Only the MARAC coordinator or chair chooses what the agencies receive."


def minutes_scope_set(*, user: User, meeting: Meeting, scope: str, expected_version: int | None) -> Minutes:
    """The coordinator or chair chooses what the agencies receive of each case: the full minutes or the
    actions only. Checked against the minutes' version (the page carries it), and moves it on, so a chair
    who read the draft before the choice changed approves again; refused once the chair has approved."""
    if not meeting_selectors.meetings_for_user(user).filter(pk=meeting.pk).exists():
        raise Http404
    if not user_coordinates(user, meeting.area_id):
        raise PermissionDenied(NOT_SCOPE_SETTER)
    if scope not in MinutesScope.values:
        raise ValidationError({"minutes_scope": "Choose full minutes or actions only"})
    with transaction.atomic():
        try:
            minutes = Minutes.objects.get(meeting=meeting)
        except Minutes.DoesNotExist as exc:
            raise Http404 from exc
        locked = lock_version(minutes, expected_version)
        if locked.status != MinutesStatus.DRAFT:
            raise ValidationError({"minutes_scope": SCOPE_FIXED})
        Meeting.objects.filter(pk=meeting.pk).update(minutes_scope=scope)
        meeting.minutes_scope = scope
        bump_version(locked)
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=meeting, area=meeting.area, detail={"minutes_scope": scope})
    return locked


def minutes_contents(meeting: Meeting, *, attended: bool = True) -> str:
    """What the minutes notices say an agency receives: never more than the scope chosen, and to an agency
    that did not attend, only the actions it owns or shares (``minutes_received``)."""
    if not attended:
        return "the actions for your agency (it did not attend)"
    if meeting.minutes_scope == MinutesScope.ACTIONS:
        return "the action plan (actions only)"
    return "minutes and actions"


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL, AttendanceStatus.DEPUTY)


def notify_minutes(
    users: Sequence[User], meeting: Meeting, *, key: str, message: str, email: bool = False
) -> list[int]:
    """Tell ``users`` of the meeting's minutes: ``message`` with ``{contents}`` worded for what each one's
    agency receives (``minutes_contents``). Returns the ids of those newly told."""
    attended = set(Attendance.objects.filter(meeting=meeting, status__in=ATTENDED).values_list("agency_id", flat=True))
    told: list[int] = []
    for went in (True, False):
        group = [user for user in users if (user.agency_id in attended) == went]
        if group:
            contents = minutes_contents(meeting, attended=went)
            told += notify(
                group,
                key=key,
                message=message.format(contents=contents, Contents=capfirst(contents)),
                link=reverse("meeting-minutes", args=[meeting.pk]),
                email=email,
                area_id=meeting.area_id,
            )
    return told


def minutes_distribute(*, user: User, minutes: Minutes) -> int:
    """Send approved minutes: each invited agency's representatives are told
    (no personal data in the notice). Returns how many were told."""
    meeting = minutes.meeting
    meeting_selectors.require_running_meeting(user, meeting)
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.status == MinutesStatus.DRAFT:
            raise ValidationError({"minutes": "The chair must approve the minutes before they are distributed"})
        if locked.status == MinutesStatus.DISTRIBUTED:
            return 0
        locked.status = MinutesStatus.DISTRIBUTED
        locked.distributed_at = timezone.now()
        locked.save(update_fields=["status", "distributed_at"])
        recipients = list(
            User.objects.filter(
                is_active=True,
                agency__in=meeting.invited_agencies.all(),
                memberships__area_id=meeting.area_id,
                memberships__role__in=INVITED_AGENCY_ROLES,
            ).distinct()
        )
        told = len(recipients)
        notify_minutes(
            recipients,
            meeting,
            key=f"minutes-{meeting.pk}",
            message=f"{{Contents}} from the MARAC meeting on {meeting.date:%-d %B %Y}",
        )
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            area=meeting.area,
            detail={"status": "distributed", "told": told, "minutes_scope": meeting.minutes_scope},
        )
    return told


def minutes_record_opened(*, user: User, minutes: Minutes) -> None:
    """A read receipt: the user opened the distributed minutes (once). Like the audit event written with every
    read, it records a read rather than changing the minutes; the minutes reminders chase those not yet opened."""
    if minutes.status == MinutesStatus.DISTRIBUTED:
        MinutesRead.objects.get_or_create(minutes=minutes, user=user)
