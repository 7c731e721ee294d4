"""Recording actions and their updates (permission, validation, one transaction, audit)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from actions import checks, selectors
from actions.models import OUTSTANDING, Action, ActionStatus, ActionUpdate, Priority
from cases import selectors as case_selectors
from cases.models import AgendaItem, Case, Meeting, MeetingStatus, Minutes, MinutesStatus
from marac import audit
from marac.models import Agency, AuditVerb, User
from marac.versioning import bump_version, lock_version
from ppmt.prompts import record_language_prompts


def due_window(case: Case, item: AgendaItem | None) -> checks.Due:
    """When an action on ``case`` (agreed at ``item``'s meeting, if any) may fall due."""
    return checks.Due.window(
        today=timezone.localdate(),
        meeting_date=item.meeting.date if item is not None else None,
        horizon_days=case.area.action_due_horizon_days,
    )


def action_create(
    *,
    user: User,
    case: Case,
    item: AgendaItem | None,
    description: str,
    owner_agency: Agency | None,
    focus: str,
    due_date: date | None,
    stage: str = "",
    priority: str = Priority.MEDIUM,
    joint_agencies: Iterable[Agency] = (),
    assignee_name: str = "",
    vague_ok: bool = False,
) -> Action:
    """The coordinator or chair records an agreed action (in the meeting or afterwards): SMART, as
    ``actions.checks`` says (``vague_ok``: the recorder was asked about vague wording and kept it)."""
    if not case_selectors.cases_for_user(user).filter(pk=case.pk).exists():
        raise Http404
    if not case_selectors.user_coordinates(user, case.area_id):
        raise PermissionDenied("Only the MARAC's coordinator or chair records actions.")
    if item is not None and item.case_id != case.pk:
        raise Http404
    errors = checks.action_problems(
        description=description,
        vague_ok=vague_ok,
        owner_chosen=owner_agency is not None,
        focus=focus,
        due_date=due_date,
        window=due_window(case, item),
        stage=stage,
        priority=priority,
    )
    if errors:
        raise ValidationError(errors)
    assert owner_agency is not None
    assert due_date is not None
    joint = [a for a in joint_agencies if a.pk != owner_agency.pk]
    with transaction.atomic():
        action = Action.objects.create(
            case=case,
            area_id=case.area_id,
            item=item,
            owner_agency=owner_agency,
            description=description.strip(),
            focus=focus,
            due_date=due_date,
            stage=stage,
            priority=priority,
            assignee_name=assignee_name.strip(),
            created_by=user,
        )
        action.joint_agencies.set(joint)
        ActionUpdate.objects.create(action=action, author=user, status_to=ActionStatus.OPEN, note="Action agreed")
        if item is not None:
            record_language_prompts(
                user=user, case=case, source="action", source_id=action.pk, field="description", text=action.description
            )
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=action, area=case.area, detail={"focus": focus})
    return action


def action_update(*, user: User, action: Action, status: str, note: str, expected_version: int | None = None) -> Action:
    """The owning agency (or a joint agency, or the coordinator) records progress.

    Completed needs an outcome; not completed needs a reason; only the
    coordinator can mark an action superseded.
    """
    if not selectors.actions_for_user(user).filter(pk=action.pk).exists():
        raise Http404
    coordinator = case_selectors.user_coordinates(user, action.case.area_id)
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Select the action's status"})
    if status == ActionStatus.SUPERSEDED and not coordinator:
        raise PermissionDenied("Only the MARAC's coordinator can mark an action superseded.")
    if status == ActionStatus.COMPLETED and not note.strip():
        raise ValidationError({"note": "Describe the outcome: what was done and what changed"})
    if status == ActionStatus.NOT_COMPLETED and not note.strip():
        raise ValidationError({"note": "Explain why the action was not completed"})
    with transaction.atomic():
        locked = lock_version(action, expected_version)
        previous = locked.status
        if previous not in OUTSTANDING and not coordinator:
            raise ValidationError({"status": "This action is closed: ask the coordinator to reopen it"})
        locked.status = status
        if status in (ActionStatus.COMPLETED, ActionStatus.NOT_COMPLETED):
            locked.outcome = note.strip()
            locked.closed_at = timezone.now()
        elif status in OUTSTANDING:
            locked.closed_at = None
        bump_version(locked, ["status", "outcome", "closed_at"])
        ActionUpdate.objects.create(
            action=locked, author=user, status_from=previous, status_to=status, note=note.strip()
        )
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            area=locked.case.area,
            detail={"from": previous, "to": status},
        )
    return locked


def meeting_correctable(meeting: Meeting) -> bool:
    """Whether the actions agreed at ``meeting`` may still be corrected: until its minutes are approved."""
    minutes = Minutes.objects.filter(meeting=meeting).values_list("status", flat=True).first()
    return meeting.status != MeetingStatus.CANCELLED and minutes in (None, MinutesStatus.DRAFT)


def require_correctable(user: User, action: Action) -> None:
    """An action agreed at a meeting may be corrected (changed, or removed as recorded by mistake) by that
    MARAC's coordinator or chair until the meeting's minutes are approved: then the minutes say what was
    agreed, and the action plan's own updates apply. Others: 404; too late: 403."""
    if action.item_id is None or not case_selectors.cases_for_user(user).filter(pk=action.case_id).exists():
        raise Http404
    if not case_selectors.user_coordinates(user, action.case.area_id):
        raise Http404  # the live meeting is the chair's and coordinator's page
    if not meeting_correctable(action.item.meeting):  # type: ignore[union-attr]  # checked: agreed at a meeting
        raise PermissionDenied(
            "The minutes of this meeting are approved: update the action on its own page instead of changing it here."
        )


def _check_correction(
    action: Action,
    description: str,
    vague_ok: bool,
    owner_agency: Agency | None,
    focus: str,
    due_date: date | None,
    stage: str,
    priority: str,
) -> None:
    """The SMART checks of a new action, and an owner invited to the meeting: ``ValidationError`` if not."""
    errors = checks.action_problems(
        description=description,
        vague_ok=vague_ok,
        owner_chosen=owner_agency is not None,
        focus=focus,
        due_date=due_date,
        window=due_window(action.case, action.item),
        stage=stage,
        priority=priority,
    )
    meeting = action.item.meeting  # type: ignore[union-attr]  # agreed at a meeting (require_correctable)
    if owner_agency is not None and not meeting.invited_agencies.filter(pk=owner_agency.pk).exists():
        errors["owner_agency"] = "Select an agency invited to this meeting"
    if errors:
        raise ValidationError(errors)


def action_edit(
    *,
    user: User,
    action: Action,
    expected_version: int | None,
    description: str,
    owner_agency: Agency | None,
    focus: str,
    due_date: date | None,
    stage: str = "",
    priority: str = Priority.MEDIUM,
    joint_agencies: Iterable[Agency] = (),
    assignee_name: str = "",
    vague_ok: bool = False,
) -> Action:
    """Correct an action agreed at the meeting (``require_correctable``), SMART as when it was
    recorded (``actions.checks``); ``expected_version`` the version the editor loaded."""
    require_correctable(user, action)
    _check_correction(action, description, vague_ok, owner_agency, focus, due_date, stage, priority)
    assert owner_agency is not None
    with transaction.atomic():
        locked = lock_version(action, expected_version)
        if locked.status not in OUTSTANDING:
            raise ValidationError({"description": "This action has been removed or closed, so it cannot be changed"})
        changed = {
            "description": description.strip(),
            "owner_agency_id": owner_agency.pk,
            "focus": focus,
            "due_date": due_date,
            "stage": stage,
            "priority": priority,
            "assignee_name": assignee_name.strip(),
        }
        fields = [name for name, value in changed.items() if getattr(locked, name) != value]
        for name, value in changed.items():
            setattr(locked, name, value)
        bump_version(locked, fields)
        locked.joint_agencies.set([a for a in joint_agencies if a.pk != owner_agency.pk])
        ActionUpdate.objects.create(
            action=locked, author=user, status_from=locked.status, status_to=locked.status, note="Action changed"
        )
        if "description" in fields:
            record_language_prompts(
                user=user,
                case=locked.case,
                source="action",
                source_id=locked.pk,
                field="description",
                text=locked.description,
            )
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, area=locked.case.area, detail={"fields": fields})
    return locked


def action_withdraw(*, user: User, action: Action, expected_version: int | None) -> Action:
    """Remove an action recorded by mistake at the meeting: it is superseded (its history kept) and marked
    withdrawn, so the minutes and the live page leave it out (``require_correctable``)."""
    require_correctable(user, action)
    with transaction.atomic():
        locked = lock_version(action, expected_version)
        previous = locked.status
        if previous not in OUTSTANDING:
            raise ValidationError({"action": "This action has been removed or closed already"})
        locked.status = ActionStatus.SUPERSEDED
        locked.closed_at = locked.withdrawn_at = timezone.now()
        bump_version(locked, ["status", "closed_at", "withdrawn_at"])
        ActionUpdate.objects.create(
            action=locked,
            author=user,
            status_from=previous,
            status_to=ActionStatus.SUPERSEDED,
            note="Removed at the meeting: recorded by mistake",
        )
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            area=locked.case.area,
            detail={"from": previous, "to": ActionStatus.SUPERSEDED, "withdrawn": True},
        )
    return locked
