"""Research submissions, research entries and the survivor's voice.

Each change: permission (through the selectors), validation, one
transaction, an audit event. Research can be changed until the meeting
starts; a change to a submitted entry is a new entry that supersedes it,
so the history is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.grants.selectors import holds_grant
from cases.models import AgendaItem, GrantKind, Meeting, MeetingStatus
from cases.notifications import notify
from cases.people.research_details import has_children
from marac import audit
from marac.models import Agency, AuditVerb, User
from marac.roles import INVITED_AGENCY_ROLES
from marac.versioning import StaleVersionError
from ppmt.models import (
    LawfulBasis,
    ResearchEntry,
    ResearchStatus,
    ResearchSubmission,
    SurvivorVoice,
    SurvivorVoiceRevision,
)
from ppmt.prompts import record_language_prompts
from ppmt.selectors import may_record_voice
from ppmt.stages import PpmtStage

CLOSED_MESSAGE = "The meeting has started: share anything new with the chair at the meeting instead"


def require_research_open(item: AgendaItem) -> None:
    # Read the status afresh: the meeting may have started since the item was loaded.
    status = Meeting.objects.filter(pk=item.meeting_id).values_list("status", flat=True).first()
    if status != MeetingStatus.CIRCULATED:
        raise ValidationError({"research": CLOSED_MESSAGE})


def locked_submission(user: User, item: AgendaItem) -> ResearchSubmission:
    submission, _ = ResearchSubmission.objects.select_for_update().get_or_create(item=item, agency_id=user.agency_id)
    return submission


def _validate_entry(
    *,
    stage: str,
    text: str,
    lawful_basis: str,
    information_date: date | None,
    restricted: bool,
    restricted_to: list[Agency],
    restriction_reason: str,
) -> None:
    errors: dict[str, str] = {}
    if stage not in PpmtStage.values:
        errors["stage"] = "Select the PPMT stage this finding belongs to"
    if not text.strip():
        errors["text"] = "Enter what your agency found"
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the lawful basis for sharing this information"
    if information_date and information_date > timezone.localdate():
        errors["information_date"] = "The date of the information must be today or in the past"
    if restricted and not restricted_to:
        errors["restricted_to"] = "Select the agencies that may see this information"
    if restricted and not restriction_reason.strip():
        errors["restriction_reason"] = "Explain why this information is restricted"
    if errors:
        raise ValidationError(errors)


def research_entry_save(
    *,
    user: User,
    item: AgendaItem,
    stage: str,
    text: str,
    lawful_basis: str,
    information_date: date | None = None,
    source: str = "",
    restricted: bool = False,
    restricted_to: Iterable[Agency] = (),
    restriction_reason: str = "",
    replaces: ResearchEntry | None = None,
) -> ResearchEntry:
    """Add a finding (saved at once, as a draft until the research is submitted),
    or amend one: the amendment supersedes the old entry, which is kept. ``replaces`` is the
    version the editor loaded: if it is no longer current, ``StaleVersionError``."""
    require_research_open(item)
    agencies = list(restricted_to) if restricted else []
    _validate_entry(
        stage=stage,
        text=text,
        lawful_basis=lawful_basis,
        information_date=information_date,
        restricted=restricted,
        restricted_to=agencies,
        restriction_reason=restriction_reason,
    )
    with transaction.atomic():
        submission = locked_submission(user, item)
        if replaces is not None:
            _lock_current(submission, replaces)
        entry = ResearchEntry.objects.create(
            submission=submission,
            stage=stage,
            text=text.strip(),
            lawful_basis=lawful_basis,
            information_date=information_date,
            source=source.strip(),
            restricted=restricted,
            restriction_reason=restriction_reason.strip() if restricted else "",
            created_by=user,
        )
        entry.restricted_to.set(agencies)
        if replaces is not None:
            ResearchEntry.objects.filter(pk=replaces.pk).update(superseded_by=entry)
        _entry_saved(user=user, item=item, submission=submission, entry=entry, replaces=replaces)
    return entry


def _lock_current(submission: ResearchSubmission, entry: ResearchEntry) -> None:
    """Lock ``entry``'s row, then check that it is still the current version of the finding: two
    amendments made from the same page must not both supersede it (which would fork the finding
    into two current versions). The lock comes first, so the check reads what is committed.
    Raises ``StaleVersionError`` when it was amended or removed since the editor loaded it."""
    locked = ResearchEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None or locked.submission_id != submission.pk:
        raise ValidationError({"entry": "That finding is not your agency's"})
    if not locked.is_current:
        raise StaleVersionError


def latest_version(entry: ResearchEntry) -> ResearchEntry | None:
    """The current version of the finding ``entry`` was a version of (None if it was removed)."""
    seen = {entry.pk}
    current = entry
    while current.superseded_by_id is not None and current.superseded_by_id not in seen:
        seen.add(current.superseded_by_id)
        following = ResearchEntry.objects.filter(pk=current.superseded_by_id).first()
        if following is None:
            return None
        current = following
    return None if current.withdrawn or current.superseded_by_id is not None else current


def _entry_saved(
    *,
    user: User,
    item: AgendaItem,
    submission: ResearchSubmission,
    entry: ResearchEntry,
    replaces: ResearchEntry | None,
) -> None:
    """After a finding is saved: its wording prompts, the research started, the audit event."""
    record_language_prompts(
        user=user,
        case=item.case,
        source="research",
        source_id=entry.pk,
        field="text",
        text=entry.text,
        previous_source_id=replaces.pk if replaces else None,
    )
    if submission.status == ResearchStatus.NOT_KNOWN:
        submission.status = ResearchStatus.DRAFT
        submission.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=user,
        verb=AuditVerb.CHANGE if replaces else AuditVerb.CREATE,
        obj=entry,
        area=item.meeting.area,
        detail={"stage": entry.stage, "restricted": entry.restricted, "amends": replaces.pk if replaces else None},
    )


def research_entry_withdraw(*, user: User, item: AgendaItem, entry: ResearchEntry) -> None:
    require_research_open(item)
    with transaction.atomic():
        submission = locked_submission(user, item)
        try:
            _lock_current(submission, entry)
        except StaleVersionError as exc:
            raise ValidationError({"entry": "That finding was changed or removed since you opened the page"}) from exc
        ResearchEntry.objects.filter(pk=entry.pk).update(withdrawn=True)
        audit.record(actor=user, verb=AuditVerb.DELETE, obj=entry, area=item.meeting.area)


def research_submit(*, user: User, item: AgendaItem) -> ResearchSubmission:
    """Submit the agency's findings (they can still be amended until the meeting)."""
    require_research_open(item)
    with transaction.atomic():
        submission = locked_submission(user, item)
        if not submission.entries.filter(superseded_by__isnull=True, withdrawn=False).exists():
            raise ValidationError({"research": "Add at least one finding, or say the case is not known to you"})
        submission.status = ResearchStatus.SUBMITTED
        submission.submitted_by = user
        submission.submitted_at = timezone.now()
        submission.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=submission, area=item.meeting.area, detail={"status": "submitted"}
        )
    return submission


NOT_KNOWN_CHILDREN = "Confirm that your agency also searched its records for the children's names and dates of birth"


def research_not_known(*, user: User, item: AgendaItem, children_searched: bool = False) -> ResearchSubmission:
    """The case is not known to this agency: confirmed, and where the case has children, with the children
    searched for too (``children_searched``)."""
    require_research_open(item)
    if not children_searched and has_children(item.case):
        raise ValidationError({"children_searched": NOT_KNOWN_CHILDREN})
    with transaction.atomic():
        submission = locked_submission(user, item)
        if submission.entries.filter(superseded_by__isnull=True, withdrawn=False).exists():
            raise ValidationError({"research": "Your agency has findings on this case: remove them first"})
        submission.status = ResearchStatus.NOT_KNOWN
        submission.submitted_by = user
        submission.submitted_at = timezone.now()
        submission.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=submission, area=item.meeting.area, detail={"status": "not_known"}
        )
    return submission


VOICE_FIELDS = (
    "contact_made",
    "no_contact_reason",
    "views_and_wishes",
    "fears",
    "wants_from_marac",
    "own_risk_view",
    "strengths",
    "childrens_voice",
    "agreed_to_share",
)


def survivor_voice_save(
    *, user: User, item: AgendaItem, data: Mapping[str, Any], expected_version: int | None
) -> SurvivorVoice:
    """The IDAA allocated to the case (or, where no IDAA could reach the survivor, the worker
    named to record it) records the survivor's voice. The record says who; each version it
    replaces is kept (``SurvivorVoiceRevision``).

    ``expected_version`` is the version the editor loaded: 0 when there was no record yet. A
    different current version (someone saved meanwhile, the first save included) raises
    ``StaleVersionError``; None checks nothing."""
    if not may_record_voice(user, item):
        raise PermissionDenied("Only the IDAA allocated to this case, or the worker named to record the voice, can.")
    require_research_open(item)
    unknown = set(data) - set(VOICE_FIELDS)
    if unknown:
        raise ValueError(f"not survivor voice fields: {sorted(unknown)}")
    if not data.get("contact_made") and not str(data.get("no_contact_reason", "")).strip():
        raise ValidationError({"no_contact_reason": "Say why contact with the survivor was not made"})
    agency_id = user.agency_id
    if agency_id is None:
        raise ValidationError({"voice": "Your account is not linked to an agency"})
    is_idaa = holds_grant(user, item.case_id, [GrantKind.IDAA])
    with transaction.atomic():
        voice = SurvivorVoice.objects.select_for_update().filter(item=item).first()
        current = voice.version if voice is not None else 0
        if expected_version is not None and expected_version != current:
            raise StaleVersionError
        if voice is not None:
            _keep_revision(voice)
            voice.version += 1
        else:
            voice = SurvivorVoice(item=item, recorded_by=user, recorded_by_agency_id=agency_id, version=1)
        for name, value in data.items():
            setattr(voice, name, value)
        voice.recorded_by = user
        voice.recorded_by_agency_id = agency_id
        voice.recorded_by_idaa = is_idaa
        if voice.pk is None:
            _create_first(voice)
        else:
            voice.save()
        for name in VOICE_FIELDS[1:]:
            record_language_prompts(
                user=user,
                case=item.case,
                source="voice",
                source_id=voice.pk,
                field=name,
                text=str(getattr(voice, name) or ""),
            )
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=voice, area=item.meeting.area, detail={"by_idaa": is_idaa})
    return voice


def _create_first(voice: SurvivorVoice) -> None:
    """Insert the first version of the survivor's voice. A concurrent first save that committed
    first holds the one row an agenda item may have: this save was made from a stale page
    (version 0), so it is a ``StaleVersionError``, never a 500."""
    try:
        with transaction.atomic():  # a savepoint: the IntegrityError must not break the outer transaction
            voice.save(force_insert=True)
    except IntegrityError as exc:
        raise StaleVersionError from exc


def _keep_revision(voice: SurvivorVoice) -> None:
    """Keep the version of the survivor's voice that a save is about to replace."""
    SurvivorVoiceRevision.objects.create(
        voice=voice,
        version=voice.version,
        recorded_by_id=voice.recorded_by_id,
        recorded_by_agency_id=voice.recorded_by_agency_id,
        recorded_by_idaa=voice.recorded_by_idaa,
        recorded_at=voice.updated_at,
        **{name: getattr(voice, name) for name in VOICE_FIELDS},
    )


@dataclass(frozen=True)
class ResearchReminder:
    """The users of one agency newly reminded that research for a meeting is due (to email them)."""

    meeting_id: int
    user_ids: list[int]


def research_reminders(*, now: datetime | None = None, hours: int = 48) -> list[ResearchReminder]:
    """Remind invited agencies that have not submitted research when the
    deadline is near. One reminder per agency, meeting and deadline (the
    notification's unique key makes a repeated or concurrent run harmless).

    Returns who was newly told, by meeting and agency: the caller emails them
    (``ppmt.tasks.research_reminders``).
    """
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        status=MeetingStatus.CIRCULATED,
        research_deadline__gte=now,
        research_deadline__lte=now + timedelta(hours=hours),
    ).prefetch_related("invited_agencies")
    told = []
    for meeting in meetings:
        items = list(meeting.items.values_list("pk", flat=True))
        done = {
            (s.item_id, s.agency_id)
            for s in ResearchSubmission.objects.filter(item_id__in=items).exclude(status=ResearchStatus.DRAFT)
        }
        for agency in meeting.invited_agencies.all():
            missing = sum(1 for item_id in items if (item_id, agency.pk) not in done)
            if not missing:
                continue
            fresh = notify(
                research_recipients(meeting, agency),
                key=f"research-due-{meeting.pk}-{meeting.research_deadline:%Y%m%d%H%M}",
                message=f"Research due by {meeting.research_deadline:%-d %B, %H:%M} for the MARAC "
                f"meeting on {meeting.date:%-d %B %Y}: {missing} case{'s' if missing != 1 else ''} "
                "still to research",
                link=reverse("meeting-detail", args=[meeting.pk]),
            )
            if fresh:
                told.append(ResearchReminder(meeting_id=meeting.pk, user_ids=fresh))
    return told


def research_recipients(meeting: Meeting, agency: Agency) -> QuerySet[User]:
    """The agency's representatives and IDAAs in the meeting's area."""
    return User.objects.filter(
        is_active=True,
        agency=agency,
        memberships__area_id=meeting.area_id,
        memberships__role__in=INVITED_AGENCY_ROLES,
    ).distinct()
