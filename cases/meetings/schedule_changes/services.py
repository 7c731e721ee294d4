"""Moving a meeting to another date, time or place, and cancelling it.

Both are the area's coordinators' and chairs' (404 if they cannot see the meeting, 403 if they see it
but do not coordinate its area), only before the meeting starts, version-checked, one transaction
each, audited; the invited agencies' representatives are told in the same transaction (a notice and
an email through the outbox: the area, the dates and a link, never personal data).

Cancelling leaves the meeting's agenda as it was, as a record, and each listed case is either moved
to another open meeting of the area the coordinator picks (still listed) or taken off: back to its
status before it was listed (``case_unlisted``), unless it is listed on another open meeting.
"""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases.meetings.recirculation.services import agenda_sent
from cases.meetings.schedule import OPEN_STATUSES, research_deadline_for
from cases.meetings.services import representatives, require_coordinator
from cases.models import AgendaItem, Meeting, MeetingStatus
from cases.notifications import notify
from cases.selectors import VISIBLE_TO_AGENCIES
from cases.status import services as status_services
from marac import audit
from marac.models import AuditVerb, User
from marac.versioning import bump_version, lock_version

MOVE, UNLIST = "move", "unlist"
ALREADY_CANCELLED = "This meeting has already been cancelled"
STARTED = "This meeting has started or been held, so it can no longer be {verb}"
NOTHING_CHANGED = "Change the date, the start time, the place or the video link"
IN_THE_PAST = "The new date must be today or in the future"
DATE_TAKEN = "The MARAC already has a meeting on {day}: choose another date"
CANCELLED_ON_DATE = (
    "A cancelled regular meeting of the MARAC was on {day}: choose another date, or add an extra meeting"
)
ENTER_REASON = "Enter why the meeting is cancelled"
CHOOSE_CASES = "Choose what happens to the cases on the agenda"
CHOOSE_MEETING = "Select the meeting to move the cases to"
TARGET_CLOSED = "Choose a meeting that has not started, been held or been cancelled"


def _require_changeable(meeting: Meeting, verb: str) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": ALREADY_CANCELLED})
    if meeting.status not in OPEN_STATUSES or meeting.date < timezone.localdate():
        raise ValidationError({"meeting": STARTED.format(verb=verb)})


def _link(meeting: Meeting) -> str:
    """The meeting's page if its invited agencies see it (circulated), else the list of meetings."""
    if meeting.status in VISIBLE_TO_AGENCIES:
        return reverse("meeting-detail", args=[meeting.pk])
    return reverse("meeting-list")


def _tell(
    user: User, meeting: Meeting, *, key: str, message: str, link: str, already: frozenset[int] = frozenset()
) -> list[int]:
    """Notices and emails to the invited agencies' representatives (never the person acting, nor those
    ``already`` told); the ids of those told."""
    recipients = [rep for rep in representatives(meeting) if rep.pk != user.pk and rep.pk not in already]
    return notify(recipients, key=key, message=message, link=link, email=True, area_id=meeting.area_id)


def _tell_receiving(user: User, cancelled: Meeting, target: Meeting, moved: int, already: list[int]) -> list[int]:
    """The agencies invited to the meeting the cases moved to, once its agenda has gone to them, are told it
    grew (those already told of the cancellation are not told twice)."""
    if not moved or target.status not in VISIBLE_TO_AGENCIES:
        return []
    cases = f"{moved} case{'s' if moved != 1 else ''}"
    message = (
        f"{cases} from the cancelled {cancelled.area.name} MARAC meeting on {cancelled.date:%-d %B %Y} "
        f"{'were' if moved != 1 else 'was'} added to the agenda of the meeting on {target.date:%-d %B %Y}"
    )
    key = f"meeting-cases-moved-{cancelled.pk}"
    return _tell(user, target, key=key, message=message, link=_link(target), already=frozenset(already))


def _check_date_free(meeting: Meeting, day: date) -> None:
    others = Meeting.objects.filter(area_id=meeting.area_id, date=day).exclude(pk=meeting.pk)
    if others.exclude(status=MeetingStatus.CANCELLED).exists():
        raise ValidationError({"day": DATE_TAKEN.format(day=f"{day:%-d %B %Y}")})
    if not meeting.is_extra and others.filter(is_extra=False).exists():
        raise ValidationError({"day": CANCELLED_ON_DATE.format(day=f"{day:%-d %B %Y}")})


def meeting_move(
    *,
    user: User,
    meeting: Meeting,
    day: date,
    start_time: time,
    place: str,
    video_link: str,
    expected_version: int | None,
) -> Meeting:
    """Move the meeting; the research deadline is recomputed as for a new meeting on that date."""
    require_coordinator(user, meeting)
    if day < timezone.localdate():
        raise ValidationError({"day": IN_THE_PAST})
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)
        _require_changeable(locked, "moved")
        old_date, place, video_link = locked.date, place.strip(), video_link.strip()
        if (day, start_time, place, video_link) == (locked.date, locked.start_time, locked.place, locked.video_link):
            raise ValidationError({"meeting": NOTHING_CHANGED})
        if day != locked.date:
            _check_date_free(locked, day)
        locked.date, locked.start_time, locked.place, locked.video_link = day, start_time, place, video_link
        locked.research_deadline = research_deadline_for(locked.area, day)
        try:
            with transaction.atomic():  # a savepoint: a meeting added on that date meanwhile
                bump_version(locked, ["date", "start_time", "place", "video_link", "research_deadline"])
        except IntegrityError as exc:
            raise ValidationError({"day": DATE_TAKEN.format(day=f"{day:%-d %B %Y}")}) from exc
        when = f"{day:%-d %B %Y} at {start_time:%H:%M}"
        told = _tell(
            user,
            locked,
            key=f"meeting-moved-{locked.pk}-{locked.version}",
            message=f"The {locked.area.name} MARAC meeting on {old_date:%-d %B %Y} has moved to {when}",
            link=_link(locked),
        )
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            detail={"moved_from": old_date.isoformat(), "moved_to": day.isoformat(), "told": len(told)},
        )
    return locked


def _check_target(meeting: Meeting, to_meeting: Meeting | None) -> Meeting:
    if to_meeting is None:
        raise ValidationError({"to_meeting": CHOOSE_MEETING})
    if to_meeting.area_id != meeting.area_id:
        raise Http404
    if to_meeting.pk == meeting.pk:
        raise ValidationError({"to_meeting": "Choose a different meeting from the one being cancelled"})
    return to_meeting


def _move_cases(user: User, items: list[AgendaItem], source: Meeting, target: Meeting) -> int:
    """Append the cases to ``target``'s agenda, in their order (one already on it stays there)."""
    locked = lock_version(target, None)
    if locked.status not in OPEN_STATUSES or locked.date < timezone.localdate():
        raise ValidationError({"to_meeting": TARGET_CLOSED})
    listed = set(locked.items.values_list("case_id", flat=True))
    # A circulated agenda's agencies are told of these cases as they arrive (``_tell_receiving``): counted as
    # sent to them, they are no change to recirculate.
    sent = agenda_sent(locked) if locked.status == MeetingStatus.CIRCULATED else None
    position = locked.items.aggregate(last=Max("position"))["last"] or 0
    moved = 0
    for item in items:
        if item.case_id in listed:
            continue  # listed on both: it stays on the cancelled meeting's record, and listed on the other
        position += 1
        AgendaItem.objects.filter(pk=item.pk).update(meeting=locked, position=position, added_at=timezone.now())
        status_services.case_moved(user=user, case=item.case, meeting=locked)
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=item,
            area=source.area,
            detail={"from_meeting": source.pk, "to_meeting": locked.pk},
        )
        moved += 1
        if sent is not None:
            sent.add(item.case_id)
    if sent is not None:
        locked.agenda_sent_cases = sorted(sent)
    bump_version(locked, ["agenda_sent_cases"] if sent is not None else [])
    return moved


def _unlist_cases(user: User, items: list[AgendaItem], meeting: Meeting) -> int:
    """Each case not listed on another open meeting goes back to its status before it was listed."""
    unlisted = 0
    for item in items:
        if AgendaItem.objects.filter(case_id=item.case_id, meeting__status__in=OPEN_STATUSES).exists():
            continue
        if status_services.case_unlisted(user=user, case=item.case, meeting=meeting) is not None:
            unlisted += 1
    return unlisted


def meeting_cancel(
    *,
    user: User,
    meeting: Meeting,
    reason: str,
    cases: str,
    to_meeting: Meeting | None,
    expected_version: int | None,
) -> int:
    """Cancel the meeting, saying why; its listed cases are moved to ``to_meeting`` (``cases`` MOVE)
    or taken off (UNLIST). Returns how many cases were moved or taken off."""
    require_coordinator(user, meeting)
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = ENTER_REASON
    if cases not in (MOVE, UNLIST):
        errors["cases"] = CHOOSE_CASES
    if errors:
        raise ValidationError(errors)
    target = _check_target(meeting, to_meeting) if cases == MOVE else None
    with transaction.atomic():
        # Both rows locked in one order, so two cancellations moving cases to each other cannot deadlock.
        list(Meeting.objects.select_for_update().filter(pk__in=[meeting.pk, *([target.pk] if target else [])]))
        locked = lock_version(meeting, expected_version)
        _require_changeable(locked, "cancelled")
        items = list(locked.items.select_related("case").order_by("position", "id"))
        locked.status = MeetingStatus.CANCELLED
        locked.cancelled_at, locked.cancelled_by, locked.cancellation_reason = timezone.now(), user, reason
        bump_version(locked, ["status", "cancelled_at", "cancelled_by", "cancellation_reason"])
        if target is not None:
            changed = _move_cases(user, items, locked, target)
            message = f"The {locked.area.name} MARAC meeting on {locked.date:%-d %B %Y} is cancelled"
            message += f": its cases move to the meeting on {target.date:%-d %B %Y}"
        else:
            changed = _unlist_cases(user, items, locked)
            message = f"The {locked.area.name} MARAC meeting on {locked.date:%-d %B %Y} is cancelled"
        told = _tell(
            user,
            locked,
            key=f"meeting-cancelled-{locked.pk}",
            message=message,
            link=_link(target) if target is not None else reverse("meeting-list"),
        )
        if target is not None:
            told += _tell_receiving(user, locked, target, changed, told)
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            detail={
                "status": "cancelled",
                "cases": cases,
                "changed": changed,
                "to_meeting": target and target.pk,
                "told": len(told),
            },
        )
    return changed
