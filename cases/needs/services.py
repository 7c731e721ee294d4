"""Recording a case's needs, and inviting a specialist service to the case.

Each change checks who may make it, validates, writes in one transaction with
its audit event there, and carries the version the editor loaded (a need not
yet recorded has version 0: ``marac.versioning``). Audit detail names the case
and the kind of need, never the detail typed.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import selectors as case_selectors
from cases.models import Case, CaseInvitation, CaseNeed, Concern, Gender, NeedKind, NeedSource, PartyRole, Referral
from cases.needs import selectors
from cases.needs.kinds import SHAPES
from cases.notifications import notify
from marac import audit
from marac.models import AuditVerb, Membership, Role, User
from marac.versioning import StaleVersionError, bump_version

DETAIL_MAX = 200


def _require_setter(actor: User, case: Case) -> None:
    if not case_selectors.cases_for_user(actor).filter(pk=case.pk).exists():
        raise Http404
    if not selectors.may_set_needs(actor, case):
        raise PermissionDenied("Only the MARAC's coordinator, or a representative of an agency at the case, can.")


def _validated(kind: str, detail: str, harm_by_carer: bool) -> tuple[NeedKind, str, bool]:
    try:
        need = NeedKind(kind)
    except ValueError as exc:
        raise ValidationError({"kind": "Select a need"}) from exc
    shape = SHAPES[need]
    detail = detail.strip() if shape.detail_label else ""
    errors = {}
    if shape.detail_required and not detail:
        errors["detail"] = "Enter the language the survivor needs an interpreter for"
    elif len(detail) > DETAIL_MAX:
        errors["detail"] = f"Enter {DETAIL_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    return need, detail, harm_by_carer and need == NeedKind.DISABILITY


def need_set(
    *, actor: User, case: Case, kind: str, detail: str = "", harm_by_carer: bool = False, version: int | None
) -> CaseNeed:
    """Record (or change, or record again after it ended) the need ``kind`` on ``case``. ``version`` is
    the need's version the editor loaded: 0 when the page showed it as never recorded."""
    _require_setter(actor, case)
    need, detail, harm_by_carer = _validated(kind, detail, harm_by_carer)
    with transaction.atomic():
        current = CaseNeed.objects.select_for_update().filter(case=case, kind=need).first()
        if version is not None and (current.version if current else 0) != version:
            raise StaleVersionError
        if current is None:
            try:
                with transaction.atomic():
                    current = CaseNeed.objects.create(
                        case=case,
                        kind=need,
                        detail=detail,
                        harm_by_carer=harm_by_carer,
                        source=NeedSource.AGENCY,
                        set_by=actor,
                        set_by_agency_id=actor.agency_id,
                    )
            except IntegrityError as exc:  # recorded at the same moment by someone else
                raise StaleVersionError from exc
            verb = AuditVerb.CREATE
        else:
            current.detail, current.harm_by_carer, current.source = detail, harm_by_carer, NeedSource.AGENCY
            current.set_by, current.set_by_agency_id = actor, actor.agency_id
            if current.ended_at is not None:
                current.set_at, current.ended_at, current.ended_by = timezone.now(), None, None
            fields = ["detail", "harm_by_carer", "source", "set_by", "set_by_agency", "set_at", "ended_at", "ended_by"]
            bump_version(current, fields)
            verb = AuditVerb.CHANGE
        audit.record(actor=actor, verb=verb, obj=current, area=case.area, detail={"case": case.pk, "need": str(need)})
    return current


def need_end(*, actor: User, case: Case, kind: str, version: int | None) -> CaseNeed:
    """The need no longer applies (it stays on record, ended, for the history and the figures)."""
    _require_setter(actor, case)
    with transaction.atomic():
        current = CaseNeed.objects.select_for_update().filter(case=case, kind=kind).first()
        if current is None or current.ended_at is not None:
            raise ValidationError({"kind": "This need is not recorded on the case"})
        if version is not None and current.version != version:
            raise StaleVersionError
        current.ended_at, current.ended_by = timezone.now(), actor
        bump_version(current, ["ended_at", "ended_by"])
        audit.record(
            actor=actor, verb=AuditVerb.CHANGE, obj=current, area=case.area, detail={"case": case.pk, "ended": kind}
        )
    return current


def case_invite(*, actor: User, case: Case, agency_id: int, for_need: str = "") -> CaseInvitation:
    """Invite an agency of the case's area to this case alone: its representatives there see the case,
    its agenda row and its research, and no other case of the agenda. They are told (a reference and a
    link). Inviting an agency already invited changes nothing."""
    if not case_selectors.cases_for_user(actor).filter(pk=case.pk).exists():
        raise Http404
    if not selectors.may_invite(actor, case):
        raise PermissionDenied("Only the MARAC's coordinator or chair invites an agency to a case.")
    agency = selectors.invitable_agency(case.area_id, agency_id)
    if agency is None:
        raise ValidationError({"agency": "Select an agency of this MARAC"})
    need = for_need if for_need in NeedKind.values else ""
    with transaction.atomic():
        invitation, created = CaseInvitation.objects.get_or_create(
            case=case, agency=agency, defaults={"invited_by": actor, "for_need": need}
        )
        if created:
            audit.record(
                actor=actor,
                verb=AuditVerb.CREATE,
                obj=invitation,
                area=case.area,
                detail={"case": case.pk, "agency": agency.pk, "need": need},
            )
            representatives = Membership.objects.filter(
                area_id=case.area_id,
                role=Role.REPRESENTATIVE,
                is_active=True,
                user__agency=agency,
                user__is_active=True,
            ).values_list("user_id", flat=True)
            notify(
                list(representatives),
                key=f"case-invitation:{invitation.pk}",
                message=f"Your agency is invited to case {case.reference}",
                link=reverse("case-detail", args=[case.pk]),
            )
    return invitation


def case_invitation_withdraw(*, actor: User, case: Case, invitation_id: int) -> CaseInvitation:
    """Withdraw an agency's invitation to this case: its representatives stop seeing the case at once
    (unless the meeting invites their agency anyway). The coordinators and chair only; audited."""
    if not case_selectors.cases_for_user(actor).filter(pk=case.pk).exists():
        raise Http404
    if not selectors.may_invite(actor, case):
        raise PermissionDenied("Only the MARAC's coordinator or chair withdraws an agency's invitation.")
    with transaction.atomic():
        invitation = (
            CaseInvitation.objects.select_for_update()
            .select_related("agency")
            .filter(pk=invitation_id, case=case)
            .first()
        )
        if invitation is None:
            raise ValidationError({"invitation": "That invitation was already withdrawn"})
        audit.record(
            actor=actor,
            verb=AuditVerb.DELETE,
            obj=invitation,
            area=case.area,
            detail={"case": case.pk, "agency": invitation.agency_id},
        )
        invitation.delete()
    return invitation


def _age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def referral_needs(referral: Referral) -> dict[NeedKind, str]:
    """The needs the referral's equality data shows for the survivor, with their detail."""
    victim = next((p for p in referral.people.all() if p.role == PartyRole.VICTIM), None)
    if victim is None:
        return {}
    found: dict[NeedKind, str] = {}
    if referral.honour_based_abuse == Concern.YES:
        found[NeedKind.HONOUR_BASED_ABUSE] = ""
    if referral.immigration_concern == Concern.YES:
        found[NeedKind.IMMIGRATION] = ""
    if victim.interpreter_needed:
        found[NeedKind.INTERPRETER] = victim.preferred_language.strip()[:DETAIL_MAX]
    day = timezone.localdate(referral.submitted_at) if referral.submitted_at else timezone.localdate()
    if _age_on(victim.date_of_birth, day) in (16, 17):
        found[NeedKind.AGED_16_17] = ""
    if victim.disabled == "yes":
        found[NeedKind.DISABILITY] = ""
    if victim.gender == Gender.MAN:
        found[NeedKind.MALE_VICTIM] = ""
    if victim.lgbt == "yes":
        found[NeedKind.LGBT] = ""
    return found


def needs_from_referral(*, user: User, referral: Referral, case: Case) -> None:
    """At receipt (inside the coordinator's transaction): each need the referral shows is recorded on
    the case, or recorded again if it had ended; one already in force is left as the agencies keep it."""
    for kind, detail in referral_needs(referral).items():
        need, created = CaseNeed.objects.select_for_update().get_or_create(
            case=case,
            kind=kind,
            defaults={
                "detail": detail,
                "source": NeedSource.REFERRAL,
                "set_by": user,
                "set_by_agency_id": referral.referring_agency_id,
            },
        )
        if not created and need.ended_at is None:
            continue
        if not created:
            need.detail, need.source, need.set_by = detail, NeedSource.REFERRAL, user
            need.set_by_agency_id, need.set_at, need.ended_at, need.ended_by = (
                referral.referring_agency_id,
                timezone.now(),
                None,
                None,
            )
            bump_version(need, ["detail", "source", "set_by", "set_by_agency", "set_at", "ended_at", "ended_by"])
        audit.record(
            actor=user,
            verb=AuditVerb.CREATE if created else AuditVerb.CHANGE,
            obj=need,
            area=case.area,
            detail={"case": case.pk, "need": str(kind), "referral": referral.pk},
        )
