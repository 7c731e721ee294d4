"""Feedback after a hearing.

When a meeting is held (``cases.meetings.live.services.meeting_close``, in its transaction) the
practitioners who referred each case heard, the representatives who sent those referrals and the
case's keyworkers are each told once: a notice and an email, through the outbox, carrying the case
reference, the date and a link to the outcome page, never personal data. An agency at the table
records, once, that its frontline staff were told of the outcome.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import selectors as case_selectors
from cases.feedback import selectors
from cases.models import Case, FrontlineInformed, Meeting
from cases.notifications import notify
from marac import audit
from marac.models import AuditVerb, User

HEARD_NOTICE = "Case {reference} was heard at the MARAC on {date}: see what it means for your agency"
NOT_RECORDER = "Only the MARAC representative of an agency at the meeting can record this."
ALREADY = "Your agency has already recorded that its frontline staff were told."
ALREADY_RECORDED = "Your agency has already recorded that its frontline staff were told ({name}, {when})."


def hearing_feedback(*, user: User | None, meeting: Meeting) -> int:
    """Tell who referred each case on ``meeting`` (held) and its keyworkers that it was heard, with a link
    to the outcome page. Call inside the transaction that holds the meeting. Each person is told once
    per case and meeting (the notice's key), so holding the meeting again tells nobody twice. Returns
    how many were newly told."""
    recipients = selectors.hearing_recipients(meeting)
    told = 0
    for case in Case.objects.filter(pk__in=recipients).only("pk", "reference").order_by("pk"):
        told += len(
            notify(
                recipients[case.pk],
                key=f"heard-{meeting.pk}-{case.pk}",
                message=HEARD_NOTICE.format(reference=case.reference, date=f"{meeting.date:%-d %B %Y}"),
                link=reverse("case-outcome", args=[case.pk, meeting.pk]),
                email=True,
                area_id=meeting.area_id,
            )
        )
    if told:
        audit.record(
            actor=user,
            verb=AuditVerb.CREATE,
            object_type="cases.hearingfeedback",
            object_id=meeting.pk,
            area=meeting.area,
            detail={"meeting": meeting.pk, "told": told},
        )
    return told


def frontline_informed_record(*, user: User, case: Case, meeting: Meeting) -> FrontlineInformed:
    """Record that ``user``'s agency told its frontline staff the outcome of ``case`` at ``meeting``.

    404 if the user cannot see the case or the meeting did not hear it; 403 unless they are a
    representative of an agency invited to (or attending) the meeting; ``ValidationError`` if their
    agency has already recorded it."""
    if not Case.objects.filter(case_selectors.case_visibility(user), pk=case.pk).exists():
        raise Http404
    meeting = selectors.heard_meeting_get(case, meeting.pk)
    if not selectors.may_record_frontline(user, case, meeting):
        raise PermissionDenied(NOT_RECORDER)
    assert user.agency_id is not None
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = FrontlineInformed.objects.create(
                    case=case, meeting=meeting, agency_id=user.agency_id, recorded_by=user
                )
        except IntegrityError as exc:  # recorded already (perhaps a moment ago, by a colleague)
            raise ValidationError(_already(case, meeting, user.agency_id)) from exc
        audit.record(
            actor=user,
            verb=AuditVerb.CREATE,
            obj=record,
            area=case.area,
            detail={"case": case.pk, "meeting": meeting.pk, "agency": user.agency_id},
        )
    return record


def _already(case: Case, meeting: Meeting, agency_id: int) -> str:
    earlier = (
        FrontlineInformed.objects.filter(case=case, meeting=meeting, agency_id=agency_id)
        .select_related("recorded_by")
        .first()
    )
    if earlier is None:
        return ALREADY
    when = f"{timezone.localtime(earlier.recorded_at):%-d %B %Y}"
    return ALREADY_RECORDED.format(name=earlier.recorded_by.full_name, when=when)
