"""Read queries for referrals, cases and people.

Visibility is decided here and nowhere else. Anything a user may not see
answers 404 (``Http404``), never 403, so its existence is not revealed.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, When
from django.http import Http404

from cases.models import (
    AgendaItem,
    ConflictOfInterest,
    Person,
    Referral,
    ReferralPerson,
    ReferralStatus,
)
from cases.selectors import UPCOMING_MEETINGS
from marac.models import MaracArea, User
from marac.roles import COORDINATING_ROLES, QUALITY_ASSURER_ROLES, REFERRER_ROLES
from marac.selectors import area_ids_for, user_coordinates

# Statuses the MARAC (coordinator, chair) sees: not the agency's drafts.
SENT_STATUSES = (ReferralStatus.SUBMITTED, ReferralStatus.RETURNED, ReferralStatus.RECEIVED)


def referral_visibility(user: User) -> Q:
    """Referrals the user may see.

    - the practitioner who drafted it;
    - their agency's representatives in that area (they check and submit it);
    - the area's coordinators and chairs, once it has been submitted.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    rule = Q(drafted_by=user)
    if user.agency_id:
        rule |= Q(referring_agency_id=user.agency_id, area_id__in=area_ids_for(user, QUALITY_ASSURER_ROLES))
    rule |= Q(status__in=SENT_STATUSES, area_id__in=area_ids_for(user, COORDINATING_ROLES))
    conflicted = ConflictOfInterest.objects.active().filter(user=user, case=OuterRef("case_id"))
    return rule & ~Q(Exists(conflicted))


def with_listed_on(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Each referral with ``listed_on``: the date of the next meeting its case is listed for, once it is
    received (None otherwise). A subquery, so lists cost no extra query."""
    upcoming = AgendaItem.objects.filter(case_id=OuterRef("case_id"), meeting__status__in=UPCOMING_MEETINGS).order_by(
        "meeting__date", "meeting_id"
    )
    listed_on = Subquery(upcoming.values("meeting__date")[:1])
    return referrals.annotate(listed_on=Case(When(status=ReferralStatus.RECEIVED, then=listed_on), default=None))


def referrals_for_user(user: User) -> QuerySet[Referral]:
    return with_listed_on(
        Referral.objects.filter(referral_visibility(user)).select_related(
            "area", "referring_agency", "drafted_by", "case"
        )
    )


def referral_get_for_user(user: User, public_id: UUID | str) -> Referral:
    try:
        return referrals_for_user(user).prefetch_related("people").get(public_id=public_id)
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def referral_lists_for_user(user: User) -> dict[str, QuerySet[Referral]]:
    """The referral lists a user's home and referrals page show."""
    visible = referrals_for_user(user).prefetch_related("people")
    lists: dict[str, QuerySet[Referral]] = {
        "my_drafts": visible.filter(
            drafted_by=user,
            status__in=[ReferralStatus.DRAFT, ReferralStatus.RETURNED_BY_REP, ReferralStatus.RETURNED],
        ).order_by("-updated_at"),
        # Everything the user drafted, at every step (waiting for the representative, sent, received,
        # listed): the practitioner keeps seeing their referral and where it is.
        "mine": visible.filter(drafted_by=user).order_by("-updated_at")[:50],
        "to_check": visible.filter(
            status=ReferralStatus.READY_FOR_CHECK,
            referring_agency_id=user.agency_id,
            area_id__in=area_ids_for(user, QUALITY_ASSURER_ROLES),
        ).order_by("updated_at"),
        # Returned by the representative: waiting for the practitioner (the representative keeps sight of it).
        "returned_to_practitioners": visible.filter(
            status=ReferralStatus.RETURNED_BY_REP,
            referring_agency_id=user.agency_id,
            area_id__in=area_ids_for(user, QUALITY_ASSURER_ROLES),
        )
        .exclude(drafted_by=user)
        .order_by("updated_at"),
        "to_receive": visible.filter(
            status=ReferralStatus.SUBMITTED, area_id__in=area_ids_for(user, COORDINATING_ROLES)
        ).order_by("submitted_at"),
        "sent": visible.filter(
            referring_agency_id=user.agency_id,
            status__in=SENT_STATUSES,
        ).order_by("-submitted_at")[:20],
    }
    return lists


def may_see_contact(user: User, referral: Referral) -> bool:
    """May the user see the restricted details on ``referral`` (the victim's address and safe contact
    details)? The practitioner who drafted it, the referring agency, and the area's coordinators and
    chairs: the one rule wherever the referral's people are shown (its pages, the agenda, research)."""
    return (
        referral.drafted_by_id == user.pk
        or (user.agency_id is not None and referral.referring_agency_id == user.agency_id)
        or user_coordinates(user, referral.area_id)
    )


def user_can_check(user: User, referral: Referral) -> bool:
    """May this user quality-assure and submit the referral?"""
    if referral.referring_agency_id != user.agency_id:
        return False
    return referral.area_id in area_ids_for(user, QUALITY_ASSURER_ROLES)


def referral_areas_for(user: User) -> QuerySet[MaracArea]:
    return MaracArea.objects.filter(is_active=True, id__in=area_ids_for(user, REFERRER_ROLES)).order_by("name")


def last_referral_of(person: Person, *, exclude: Referral | None = None) -> Referral | None:
    """The victim's most recent referral to any MARAC on this system."""
    referrals = Referral.objects.filter(
        status__in=[ReferralStatus.SUBMITTED, ReferralStatus.RECEIVED],
        case__isnull=False,
        case__victim=person,
        submitted_at__isnull=False,
    )
    if exclude is not None:
        referrals = referrals.exclude(pk=exclude.pk)
    return referrals.select_related("case").order_by("-submitted_at").first()


def referral_people(referral: Referral, role: str) -> list[ReferralPerson]:
    return [p for p in referral.people.all() if p.role == role]
