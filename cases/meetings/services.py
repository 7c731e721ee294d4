"""Changes to meetings, agendas, attendance and conflicts of interest.

Same rules as cases.services: permission, validation, one transaction,
an audit event in it. Emails are queued on commit and carry no personal
data: the meeting date and a link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.emails import write_agenda_emails
from cases.meetings.schedule import OPEN_STATUSES, next_meeting_for
from cases.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Case,
    ConflictOfInterest,
    Meeting,
    MeetingStatus,
)
from cases.notifications import notify
from cases.status import services as status_services
from marac import audit
from marac.models import Agency, AgencyKind, AuditVerb, User
from marac.roles import INVITED_AGENCY_ROLES
from marac.versioning import bump_version, lock_version

# --- Agendas --------------------------------------------------------------------------


NOT_COORDINATOR = "Only the MARAC's coordinator or chair can change the agenda."
MEETING_CANCELLED = "This meeting was cancelled: its agenda cannot be circulated and it cannot be held"


def require_coordinator(user: User, meeting: Meeting) -> None:
    """404 if the user does not see the meeting; 403 if they see it but do not coordinate its area."""
    if not meeting_selectors.meetings_for_user(user).filter(pk=meeting.pk).exists():
        raise Http404
    if not selectors.user_coordinates(user, meeting.area_id):
        raise PermissionDenied(NOT_COORDINATOR)


def _require_item_coordinator(user: User, item: AgendaItem) -> None:
    """The coordinator's, and never a case they declared a conflict on: that answers as a missing item does."""
    require_coordinator(user, item.meeting)
    if not meeting_selectors.agenda_items_for_user(item.meeting, user).filter(pk=item.pk).exists():
        raise Http404


def agenda_place_case(*, case: Case, user: User | None = None) -> AgendaItem | None:
    """List a received case on the next meeting it can make (if not already on an upcoming one)."""
    upcoming = AgendaItem.objects.filter(case=case, meeting__status__in=OPEN_STATUSES).select_related("meeting")
    listed = upcoming.first()
    if listed is not None:
        # Already on an agenda (a re-opened case still listed on an upcoming meeting): listed.
        status_services.case_listed(user=user, case=case, meeting=listed.meeting)
        return listed
    meeting = next_meeting_for(case.area)
    if meeting is None:
        return None
    with transaction.atomic():
        locked = lock_version(meeting, None)
        position = (locked.items.aggregate(last=Max("position"))["last"] or 0) + 1
        item = AgendaItem.objects.create(meeting=locked, case=case, position=position)
        bump_version(locked)
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=item, area=case.area, detail={"meeting": locked.pk})
        status_services.case_listed(user=user, case=case, meeting=locked)
    return item


AGENDA_CLOSED = "This meeting has started, been held or been cancelled: its agenda can no longer be reordered"


def agenda_reorder(
    *, user: User, meeting: Meeting, order: Sequence[int], expected_version: int | None, detail: str = "reordered"
) -> None:
    """Put the agenda in the given order of item ids (``detail`` names how, in the audit event:
    "reordered", or "suggested_order" for ``cases.meetings.order``)."""
    require_coordinator(user, meeting)
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError({"order": AGENDA_CLOSED})
        current = list(locked.items.order_by("position", "id").values_list("pk", flat=True))
        if set(order) != set(current) or len(order) != len(current):
            raise ValidationError({"order": "The agenda changed while you were ordering it: reload the page"})
        # A case the user declared a conflict on keeps its place: they cannot move it.
        hidden = set(current) - set(meeting_selectors.agenda_items_for_user(locked, user).values_list("pk", flat=True))
        if any(order[index] != pk for index, pk in enumerate(current) if pk in hidden):
            raise Http404
        for position, item_id in enumerate(order, start=1):
            AgendaItem.objects.filter(pk=item_id).update(position=position)
        bump_version(locked)
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"agenda": detail})


def agenda_move_item(
    *, user: User, item: AgendaItem, direction: str, expected_version: int | None, position: int | None = None
) -> int:
    """Move an item one place up or down, or (``direction`` "to") to ``position`` (1 is first; past the end
    is last), among the cases the user sees: a case they declared a conflict on keeps its place. Returns
    the item's position among those cases."""
    _require_item_coordinator(user, item)
    meeting = item.meeting
    ids = list(meeting.items.order_by("position", "id").values_list("pk", flat=True))
    visible = set(meeting_selectors.agenda_items_for_user(meeting, user).values_list("pk", flat=True))
    seen = [pk for pk in ids if pk in visible]
    index = seen.index(item.pk)
    if direction == "to":
        index_to = min(max(position or 1, 1), len(seen)) - 1
    else:
        index_to = max(0, min(len(seen) - 1, index - 1 if direction == "up" else index + 1))
    seen.insert(index_to, seen.pop(index))
    slots = [slot for slot, pk in enumerate(ids) if pk in visible]  # the places the user's cases fill
    for slot, pk in zip(slots, seen, strict=True):
        ids[slot] = pk
    agenda_reorder(user=user, meeting=meeting, order=ids, expected_version=expected_version)
    return index_to + 1


def default_mapping_agency(meeting: Meeting) -> Agency | None:
    """Full mapping is held by children and families social work by default."""
    return meeting.invited_agencies.filter(kind=AgencyKind.CHILDREN_FAMILIES).order_by("name").first()


def agenda_item_update(
    *,
    user: User,
    item: AgendaItem,
    minutes: int | None,
    ppmt_mapping: bool,
    expected_version: int | None,
    mapping_agency: Agency | None = None,
) -> AgendaItem:
    """Set a case's time, and record that full PPMT mapping was agreed and which agency holds it."""
    _require_item_coordinator(user, item)
    if minutes is not None and not 7 <= minutes <= 12:
        raise ValidationError({"minutes": "Allow between 7 and 12 minutes for a case"})
    if ppmt_mapping and mapping_agency is None:
        mapping_agency = default_mapping_agency(item.meeting)
    if not ppmt_mapping:
        mapping_agency = None
    with transaction.atomic():
        locked = lock_version(item.meeting, expected_version)
        AgendaItem.objects.filter(pk=item.pk).update(
            minutes=minutes, ppmt_mapping=ppmt_mapping, mapping_agency=mapping_agency
        )
        bump_version(locked)
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=item, area=locked.area, detail={"ppmt_mapping": ppmt_mapping}
        )
    item.refresh_from_db()
    return item


def agenda_move_to_meeting(
    *, user: User, item: AgendaItem, to_meeting: Meeting, expected_version: int | None
) -> AgendaItem:
    """Move a case to another meeting of the same area (never one that has happened)."""
    _require_item_coordinator(user, item)
    if to_meeting.area_id != item.meeting.area_id:
        raise Http404
    if to_meeting.has_happened or to_meeting.status not in OPEN_STATUSES:
        raise ValidationError({"to_meeting": "Choose a meeting that has not happened yet"})
    if to_meeting.pk == item.meeting_id:
        return item
    with transaction.atomic():
        source = lock_version(item.meeting, expected_version)
        target = lock_version(to_meeting, None)
        if target.items.filter(case_id=item.case_id).exists():
            raise ValidationError({"to_meeting": "This case is already on that meeting's agenda"})
        position = (target.items.aggregate(last=Max("position"))["last"] or 0) + 1
        AgendaItem.objects.filter(pk=item.pk).update(meeting=target, position=position, added_at=timezone.now())
        bump_version(source)
        bump_version(target)
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=item,
            area=source.area,
            detail={"from_meeting": source.pk, "to_meeting": target.pk},
        )
    item.refresh_from_db()
    return item


def agenda_remove_item(*, user: User, item: AgendaItem, expected_version: int | None) -> None:
    """Take a case off an agenda that has not been circulated (for example, listed twice by mistake)."""
    _require_item_coordinator(user, item)
    with transaction.atomic():
        locked = lock_version(item.meeting, expected_version)
        if locked.status != MeetingStatus.SCHEDULED:
            raise ValidationError({"item": "Move the case to another meeting instead: this agenda has gone out"})
        audit.record(actor=user, verb=AuditVerb.DELETE, obj=item, area=locked.area)
        item.delete()
        bump_version(locked)
        # Taken off before its meeting: back to its status before it was listed, unless it is on another agenda.
        if not AgendaItem.objects.filter(case_id=item.case_id, meeting__status__in=OPEN_STATUSES).exists():
            status_services.case_unlisted(user=user, case=item.case, meeting=locked)


def meeting_update_invited(
    *, user: User, meeting: Meeting, agencies: Iterable[Agency], expected_version: int | None = None
) -> None:
    """Invite agencies (the core agencies by default; specialist services per meeting)."""
    require_coordinator(user, meeting)
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)
        locked.invited_agencies.set(list(agencies))
        bump_version(locked)
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"invited": "changed"})


def representatives(meeting: Meeting) -> list[User]:
    """The active representatives of the agencies invited to the meeting, in its area."""
    return list(
        User.objects.filter(
            is_active=True,
            agency__in=meeting.invited_agencies.all(),
            memberships__area_id=meeting.area_id,
            memberships__role__in=INVITED_AGENCY_ROLES,
            memberships__is_active=True,
        ).distinct()
    )


def agenda_circulate(*, user: User, meeting: Meeting, expected_version: int | None) -> int:
    """Send the agenda to every invited agency's representatives. Returns how many were told."""
    require_coordinator(user, meeting)
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)
        if locked.status == MeetingStatus.CANCELLED:
            raise ValidationError({"meeting": MEETING_CANCELLED})
        if locked.has_happened:
            raise ValidationError({"meeting": "This meeting has already happened"})
        if not locked.items.exists():
            raise ValidationError({"meeting": "Add at least one case before circulating the agenda"})
        if not locked.invited_agencies.exists():
            raise ValidationError({"meeting": "Invite at least one agency before circulating the agenda"})
        locked.status = MeetingStatus.CIRCULATED
        locked.circulated_at = timezone.now()
        locked.circulated_by = user
        locked.agenda_sent_cases = sorted(locked.items.values_list("case_id", flat=True))  # what changes is counted
        bump_version(locked, ["status", "circulated_at", "circulated_by", "agenda_sent_cases"])
        recipients = representatives(locked)
        notify(
            recipients,
            key=f"agenda-{locked.pk}-{locked.version}",
            message=f"Agenda circulated for the MARAC meeting on {locked.date:%-d %B %Y}: research due",
            link=reverse("meeting-detail", args=[locked.pk]),
        )
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": "circulated", "told": len(recipients)}
        )
        write_agenda_emails(locked, recipients)  # sent from the outbox once this commits
    return len(recipients)


# --- Attendance and conflicts of interest -----------------------------------------------------


DEPUTY_NEEDS_NAME = "Enter the name of the deputy who attended for the agency"


def attendance_record(
    *,
    user: User,
    meeting: Meeting,
    agency: Agency,
    status: str,
    attendee_names: str = "",
    cases_attended: Iterable[AgendaItem] = (),
    expected_version: int | None = None,
) -> Attendance:
    """Record an agency's attendance. Part of the meeting's record: it takes the meeting's row lock,
    checks ``expected_version`` (the API's If-Match) and bumps the meeting's version."""
    require_coordinator(user, meeting)
    cases = attendance_check(
        user=user, meeting=meeting, agency=agency, status=status, attendee_names=attendee_names, cases=cases_attended
    )
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)
        bump_version(locked)
        return attendance_write(
            user=user, meeting=meeting, agency=agency, status=status, attendee_names=attendee_names, cases=cases
        )


def attendance_check(
    *, user: User, meeting: Meeting, agency: Agency, status: str, attendee_names: str, cases: Iterable[AgendaItem]
) -> list[AgendaItem]:
    """One agency's attendance checked (the caller checked the user coordinates the meeting): the cases to
    record it present for. Every problem with it in one ``ValidationError``, keyed by field."""
    if not meeting.invited_agencies.filter(pk=agency.pk).exists():
        raise ValidationError({"agency": "That agency was not invited to this meeting"})
    chosen = list(cases)
    visible = meeting_selectors.agenda_items_for_user(meeting, user)
    if (
        any(item.meeting_id != meeting.pk for item in chosen)
        or len(chosen) > visible.filter(pk__in=[item.pk for item in chosen]).count()
    ):
        raise Http404  # another meeting's case, or one the user declared a conflict on
    # Cases ticked that the user may not see (a conflict of interest) stay ticked.
    kept = list(
        AgendaItem.objects.filter(attended_by__meeting=meeting, attended_by__agency=agency).exclude(
            pk__in=visible.values("pk")
        )
    )
    errors: dict[str, str] = {}
    if status == AttendanceStatus.DEPUTY and not attendee_names.strip():
        errors["attendee_names"] = DEPUTY_NEEDS_NAME
    if status == AttendanceStatus.PARTIAL and not chosen and not kept:
        errors["cases_attended"] = "Select the cases the agency was present for"
    if chosen and status != AttendanceStatus.PARTIAL:
        errors["cases_attended"] = "Tick cases only for an agency present for some cases, or choose that status"
    if errors:
        raise ValidationError(errors)
    return [*chosen, *kept] if status == AttendanceStatus.PARTIAL else []


def attendance_write(
    *, user: User, meeting: Meeting, agency: Agency, status: str, attendee_names: str, cases: Iterable[AgendaItem]
) -> Attendance:
    """One agency's checked attendance saved and audited, inside the caller's transaction (which holds the
    meeting's row lock and moved its version on)."""
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        agency=agency,
        defaults={
            "status": status,
            "attendee_names": attendee_names,
            "recorded_by": user,
            "recorded_at": timezone.now(),
        },
    )
    attendance.cases_attended.set(list(cases))
    audit.record(actor=user, verb=AuditVerb.CHANGE, obj=attendance, area=meeting.area, detail={"status": status})
    return attendance


def conflict_declare(
    *, user: User, case: Case, connection: str, meeting: Meeting | None = None, person_id: int | None = None
) -> ConflictOfInterest:
    """A user declares a connection to someone in a case: from now on they cannot open it."""
    if not selectors.cases_for_user(user).filter(pk=case.pk).exists():
        raise Http404
    if person_id is not None and not case.parties.filter(person_id=person_id).exists():
        raise Http404
    with transaction.atomic():
        conflict, _ = ConflictOfInterest.objects.active().get_or_create(
            user=user,
            case=case,
            defaults={"connection": connection, "meeting": meeting, "person_id": person_id},
        )
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=conflict, area=case.area)
    return conflict


def conflict_withdraw(*, user: User, conflict: ConflictOfInterest, reason: str) -> ConflictOfInterest:
    """A coordinator or chair of the case's area withdraws a conflict of interest, saying why: the
    person may open the case again. Never the person who declared it, nor a coordinator with a conflict
    of their own on the case (both answer as a missing conflict). The reason stays in the row; the
    audit event says only that it was withdrawn."""
    case = conflict.case
    if user.pk == conflict.user_id or not selectors.user_coordinates(user, case.area_id):
        raise Http404
    if not selectors.cases_for_user(user).filter(pk=case.pk).exists():
        raise Http404  # the coordinator's own conflict on the case
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the conflict of interest is being withdrawn"})
    with transaction.atomic():
        locked = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError({"reason": "This conflict of interest has already been withdrawn"})
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, area=case.area, detail={"withdrawn": True})
    return locked
