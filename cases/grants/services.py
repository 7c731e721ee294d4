"""Naming people on a case: the IDAA allocated to the survivor, a keyworker,
the worker who records the survivor's voice where no IDAA could reach them.

Each change checks who may make it, validates, writes in one transaction and
records its audit event there; the person named is told (a notice with the
case reference and a link, no personal data).
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse

from cases import selectors as case_selectors
from cases.grants import selectors
from cases.models import Case, CaseGrant, GrantKind
from cases.notifications import notify
from marac import audit
from marac.models import AuditVerb, User

NOTICES = {
    GrantKind.IDAA: "You are the IDAA allocated to case {reference}",
    GrantKind.KEYWORKER: "You are the keyworker named on case {reference}",
    GrantKind.VOICE_FALLBACK: "You are asked to record the survivor's voice on case {reference}",
}


def _permission(kind: GrantKind) -> Permission:
    return Permission.objects.get(content_type=ContentType.objects.get_for_model(Case), codename=str(kind))


def _require_manager(actor: User, case: Case, kind: GrantKind) -> None:
    if not case_selectors.cases_for_user(actor).filter(pk=case.pk).exists():
        raise Http404
    if not selectors.may_name(actor, case, kind):
        raise PermissionDenied("Only the MARAC's coordinator, or the representative of the worker's agency, can.")


def name_worker(*, actor: User, case: Case, worker: User, kind: GrantKind) -> CaseGrant:
    """Name ``worker`` on ``case`` for ``kind``. A case has one allocated IDAA: allocating
    another ends the earlier allocation in the same step (a handover)."""
    _require_manager(actor, case, kind)
    if not selectors.eligible_workers(actor, case, kind).filter(pk=worker.pk).exists():
        raise ValidationError({"worker": "Select someone who can be named for this"})
    with transaction.atomic():
        if kind == GrantKind.IDAA:
            for earlier in CaseGrant.objects.select_for_update().filter(
                content_object=case, permission__codename=str(kind)
            ):
                _delete(actor, earlier, kind)
        try:
            with transaction.atomic():
                grant: CaseGrant = CaseGrant.objects.create(
                    content_object=case, user=worker, permission=_permission(kind), granted_by=actor
                )
        except IntegrityError as exc:  # named at the same moment by someone else
            raise ValidationError({"worker": "This person is already named for this on the case"}) from exc
        audit.record(
            actor=actor,
            verb=AuditVerb.CREATE,
            obj=grant,
            area=case.area,
            detail={"case": case.pk, "grant": str(kind), "user": worker.pk},
        )
        notify(
            [worker],
            key=f"case-grant:{grant.pk}",
            message=NOTICES[kind].format(reference=case.reference),
            link=reverse("case-detail", args=[case.pk]),
        )
    return grant


def end_grant(*, actor: User, case: Case, grant: CaseGrant) -> None:
    """Stop ``grant``'s holder being named on the case (they lose what it gave them at once)."""
    kind = selectors.kind_of(grant)
    _require_manager(actor, case, kind)
    if grant.content_object_id != case.pk:
        raise Http404
    if not selectors.may_end(actor, case, grant):
        raise PermissionDenied("Only the MARAC's coordinator, or the representative of the worker's agency, can.")
    with transaction.atomic():
        _delete(actor, grant, kind)


def _delete(actor: User, grant: CaseGrant, kind: GrantKind) -> None:
    detail = {"case": grant.content_object_id, "grant": str(kind), "user": grant.user_id}
    audit.record(actor=actor, verb=AuditVerb.DELETE, obj=grant, area=grant.content_object.area, detail=detail)
    grant.delete()
