"""Work between meetings, recorded with an agency's research: actions already taken and actions proposed
(permission as for findings: the view's ``item_for_researcher``; the research open; one transaction; the
wording checked and its prompts recorded; an audit event with the kind only, never the text)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import AgendaItem
from marac import audit
from marac.forms import MAX_TEXT_LENGTH
from marac.models import AuditVerb, User
from ppmt.between.messages import TAKEN_WHEN
from ppmt.models import AgencyAction, AgencyActionKind, ResearchStatus
from ppmt.prompts import record_language_prompts
from ppmt.services import locked_submission, require_research_open

NOT_YET = "The date the action was taken must be today or in the past"


def agency_action_add(*, user: User, item: AgendaItem, kind: str, text: str, taken_on: date | None) -> AgencyAction:
    """Record an action ``user``'s agency has taken (``taken_on``) or proposes, with its research on ``item``."""
    require_research_open(item)
    errors: dict[str, str] = {}
    if kind not in AgencyActionKind.values:
        errors["kind"] = "Select whether the action is already taken or proposed"
    if not text.strip():
        errors["text"] = "Describe the action"
    elif len(text) > MAX_TEXT_LENGTH:
        errors["text"] = f"The action must be {MAX_TEXT_LENGTH:,} characters or fewer"
    if kind == AgencyActionKind.TAKEN and taken_on is None:
        errors["taken_on"] = TAKEN_WHEN
    elif taken_on is not None and taken_on > timezone.localdate():
        errors["taken_on"] = NOT_YET
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        submission = locked_submission(user, item)
        action = AgencyAction.objects.create(
            submission=submission,
            kind=kind,
            text=text.strip(),
            taken_on=taken_on if kind == AgencyActionKind.TAKEN else None,
            created_by=user,
        )
        record_language_prompts(
            user=user, case=item.case, source="agency_action", source_id=action.pk, field="text", text=action.text
        )
        if submission.status == ResearchStatus.NOT_KNOWN:  # an agency that acted knows the case
            submission.status = ResearchStatus.DRAFT
            submission.save(update_fields=["status", "updated_at"])
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=action, area=item.meeting.area, detail={"kind": kind})
    return action


def agency_action_withdraw(*, user: User, item: AgendaItem, action_id: int) -> None:
    """Remove one of ``user``'s agency's actions on ``item`` (recorded in error)."""
    require_research_open(item)
    if user.agency_id is None:
        raise ValidationError({"agency_action": "Only an agency's staff record its actions"})
    with transaction.atomic():
        action = (
            AgencyAction.objects.select_for_update()
            .filter(pk=action_id, submission__item=item, submission__agency_id=user.agency_id, withdrawn=False)
            .first()
        )
        if action is None:
            raise ValidationError({"agency_action": "That action was removed or is not your agency's"})
        action.withdrawn = True
        action.save(update_fields=["withdrawn"])
        audit.record(
            actor=user, verb=AuditVerb.DELETE, obj=action, area=item.meeting.area, detail={"kind": action.kind}
        )
