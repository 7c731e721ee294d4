"""Recording and ending a case's links to other processes: permission, validation, one transaction and an
audit event (the process's code only: never the note)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case, Process, ProcessLink
from cases.processes.selectors import may_record_processes
from marac import audit
from marac.models import AuditVerb, User
from marac.versioning import bump_version, lock_version

NOT_RECORDER = "Only the MARAC's coordinator or chair, or an agency's MARAC representative, can record this."
ALREADY_LINKED = "This case is already linked to {process} since {day:%-d %B %Y}: end that link first"
IN_FUTURE = "{label} must be today or in the past"
ENDS_BEFORE = "The date it ended must be on or after the date it started ({day:%-d %B %Y})"


def _require(user: User, case: Case) -> None:
    if not may_record_processes(user, case):
        raise PermissionDenied(NOT_RECORDER)


def process_link_add(*, user: User, case: Case, process: str, started_on: date, note: str = "") -> ProcessLink:
    """Record that ``case`` is linked to ``process`` from ``started_on``."""
    _require(user, case)
    errors: dict[str, str] = {}
    if process not in Process.values:
        errors["process"] = "Select a process"
    if started_on > timezone.localdate():
        errors["started_on"] = IN_FUTURE.format(label="The date it started")
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)  # one open link per process, even for two at once
        current = case.process_links.filter(process=process, ended_on__isnull=True).first()
        if current is not None:
            errors["process"] = ALREADY_LINKED.format(process=current.get_process_display(), day=current.started_on)
        if errors:
            raise ValidationError(errors)
        link = ProcessLink.objects.create(
            case=case,
            process=process,
            started_on=started_on,
            note=note.strip(),
            agency_id=user.agency_id,
            recorded_by=user,
        )
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=link, area=case.area, detail={"process": process})
    return link


def process_link_end(*, user: User, link: ProcessLink, ended_on: date, expected_version: int | None) -> ProcessLink:
    """Record that ``link`` ended on ``ended_on``, or correct the date it ended (the version the editor loaded,
    checked)."""
    _require(user, link.case)
    with transaction.atomic():
        locked = lock_version(link, expected_version)
        errors: dict[str, str] = {}
        if ended_on > timezone.localdate():
            errors["ended_on"] = IN_FUTURE.format(label="The date it ended")
        elif ended_on < locked.started_on:
            errors["ended_on"] = ENDS_BEFORE.format(day=locked.started_on)
        if errors:
            raise ValidationError(errors)
        corrected = locked.ended_on is not None
        locked.ended_on = ended_on
        bump_version(locked, ["ended_on"])
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            area=link.case.area,
            detail={"process": locked.process, "corrected": corrected},
        )
    return locked
