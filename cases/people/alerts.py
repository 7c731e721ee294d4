"""Linked-perpetrator alerts: tell coordinators when a person causing harm is linked to other cases."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from cases.models import Case, CaseParty, ConflictOfInterest, PartyRole
from cases.notifications import notify
from marac import audit
from marac.models import AuditVerb, Role, User


def _alert_message(reference: str, others: int) -> str:
    plural = "case" if others == 1 else "cases"
    return (
        f"A person causing harm in case {reference} is linked to {others} other {plural}. "
        "See their pattern before the meeting."
    )


def alert_linked_perpetrators(*, case: Case, user: User) -> int:
    """Tell the area's coordinators when someone named as causing harm in
    ``case`` is linked to other cases (any area).

    The notification carries only this case's reference and a link: the
    pattern page shows each coordinator only what they may see, so the
    count may include cases elsewhere, but no other area's names or
    references. One notification per coordinator, case and person; none
    for a coordinator with a conflict of interest on ``case``.
    Call inside the transaction of the change that prompts it.
    Returns the number of notifications created.
    """
    others: dict[int, int] = dict(
        CaseParty.objects.filter(
            role=PartyRole.PERPETRATOR,
            person_id__in=CaseParty.objects.filter(case=case, role=PartyRole.PERPETRATOR).values("person_id"),
        )
        .exclude(case=case)
        .values("person_id")
        .annotate(n=Count("case_id", distinct=True))
        .values_list("person_id", "n")
    )
    linked = {person_id: n for person_id, n in others.items() if n > 0}
    if not linked:
        return 0
    coordinators = list(
        User.objects.filter(
            is_active=True,
            memberships__area_id=case.area_id,
            memberships__role=Role.COORDINATOR,
            memberships__is_active=True,
        )
        # A coordinator with a declared conflict of interest is not told about the case at all.
        .exclude(pk__in=ConflictOfInterest.objects.active().filter(case=case).values("user_id"))
        .distinct()
    )
    created = 0
    for person_id, n in sorted(linked.items()):
        told = notify(
            coordinators,
            key=f"pattern-{case.pk}-{person_id}",
            message=_alert_message(case.reference, n),
            link=reverse("person-pattern", args=[person_id]),
        )
        created += len(told)
    if created:
        audit.record(
            actor=user,
            verb=AuditVerb.CREATE,
            object_type="cases.notification",
            area=case.area,
            detail={"kind": "pattern", "case": case.pk, "people": len(linked), "told": created},
        )
    return created
