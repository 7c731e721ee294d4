"""Who manages which accounts, and the reads the account pages make.

System administrators manage the accounts of the areas they administer (a
superuser: every area), for any agency and role. An agency's representative
manages their own agency's accounts in the areas where they are its
representative, and only in the roles of agency staff: never a coordinator,
chair, governance member or administrator.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from marac import selectors
from marac.accounts.models import AccountReview, Invitation
from marac.models import Agency, MaracArea, Membership, Role, User

# The roles a representative may give: the agency's own staff.
REPRESENTATIVE_ROLES = (Role.PRACTITIONER, Role.REPRESENTATIVE, Role.IDAA)


def quarter_of(day: date) -> str:
    """The quarter a day falls in, like "2026-Q4"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def token_hash(secret: str) -> str:
    """The SHA-256 hash kept for an invitation link's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Scope:
    """What one user may manage: ``admin_area_ids`` None means every area (a superuser)."""

    admin_area_ids: list[int] | None
    representative_area_ids: list[int]
    agency_id: int | None

    @property
    def manages_anything(self) -> bool:
        return self.admin_area_ids is None or bool(self.admin_area_ids) or self.represents

    @property
    def represents(self) -> bool:
        return bool(self.representative_area_ids) and self.agency_id is not None

    def administers(self, area_id: int) -> bool:
        return self.admin_area_ids is None or area_id in self.admin_area_ids

    def represents_in(self, agency_id: int | None, area_id: int) -> bool:
        return self.represents and agency_id == self.agency_id and area_id in self.representative_area_ids


def scope_for(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(admin_area_ids=[], representative_area_ids=[], agency_id=None)
    admin = None if user.is_superuser else selectors.area_ids_for(user, [Role.ADMINISTRATOR])
    return Scope(
        admin_area_ids=admin,
        representative_area_ids=selectors.area_ids_for(user, [Role.REPRESENTATIVE]),
        agency_id=user.agency_id,
    )


def may_invite(scope: Scope, *, agency: Agency, area: MaracArea, role: str) -> bool:
    if role not in Role.values:
        return False
    if scope.administers(area.pk):
        return True
    return scope.represents_in(agency.pk, area.pk) and role in REPRESENTATIVE_ROLES


def invitable_areas(scope: Scope) -> QuerySet[MaracArea]:
    areas = MaracArea.objects.filter(is_active=True)
    if scope.admin_area_ids is None:
        return areas
    return areas.filter(pk__in={*scope.admin_area_ids, *scope.representative_area_ids})


def invitable_agencies(scope: Scope) -> QuerySet[Agency]:
    agencies = Agency.objects.filter(is_active=True)
    if scope.admin_area_ids is None or scope.admin_area_ids:
        return agencies
    if scope.agency_id is None:
        return agencies.none()
    return agencies.filter(pk=scope.agency_id)


def invitable_roles(scope: Scope) -> list[tuple[str, str]]:
    if scope.admin_area_ids is None or scope.admin_area_ids:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value in REPRESENTATIVE_ROLES]


def _in_scope(scope: Scope, *, area: str, agency: str) -> Q:
    """Rows (users, invitations) in the scope, by the names of their area and agency fields."""
    if scope.admin_area_ids is None:
        return Q()
    q = Q(**{f"{area}__in": scope.admin_area_ids})
    if scope.represents:
        q |= Q(**{f"{area}__in": scope.representative_area_ids, agency: scope.agency_id})
    return q


def managed_users(scope: Scope) -> QuerySet[User]:
    """The accounts the scope manages (active or not), each with its memberships and agency."""
    if not scope.manages_anything:
        return User.objects.none()
    ids = Membership.objects.filter(_in_scope(scope, area="area_id", agency="user__agency_id")).values("user_id")
    memberships = Membership.objects.select_related("area").order_by("area__name", "role")
    return (
        User.objects.filter(pk__in=ids)
        .select_related("agency")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("-is_active", "full_name", "pk")
    )


def may_deactivate(scope: Scope, actor: User, user: User, active: list[tuple[int, str]] | None = None) -> bool:
    """Administrators close accounts in their areas (a superuser's only if they are one);
    representatives close their own agency's staff accounts in their areas. Nobody closes their own.

    ``active``: the user's active (area id, role) pairs, when already loaded."""
    if user.pk == actor.pk or not user.is_active:
        return False
    if active is None:
        active = list(Membership.objects.filter(user=user, is_active=True).values_list("area_id", "role"))
    areas = {area_id for area_id, _ in active}
    if scope.admin_area_ids is None:
        return True
    if user.is_superuser:
        return False
    if areas and areas <= set(scope.admin_area_ids):
        return True
    return (
        not user.is_staff
        and bool(areas)
        and all(scope.represents_in(user.agency_id, area_id) for area_id in areas)
        and all(role in REPRESENTATIVE_ROLES for _, role in active)
    )


def closable_ids(scope: Scope, actor: User, users: list[User]) -> set[int]:
    """Of ``users`` (from ``managed_users``, memberships prefetched), those the actor may close."""
    return {
        user.pk
        for user in users
        if may_deactivate(scope, actor, user, [(m.area_id, m.role) for m in user.memberships.all() if m.is_active])
    }


def invitations_for(scope: Scope) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked (expired ones too, to send again) in the scope."""
    if not scope.manages_anything:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(_in_scope(scope, area="area_id", agency="agency_id"))
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("area", "agency")
        .order_by("-created_at", "-pk")
    )


def valid_invitation(secret: str) -> Invitation | None:
    """The invitation a link's secret opens, if it is sent, unused, unrevoked and unexpired."""
    if not secret or len(secret) > 100:
        return None
    return (
        Invitation.objects.filter(
            token_hash=token_hash(secret),
            email_sent_at__isnull=False,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("agency", "area")
        .first()
    )


def may_review(scope: Scope, *, agency: Agency, area: MaracArea) -> bool:
    return scope.administers(area.pk) or scope.represents_in(agency.pk, area.pk)


def review_accounts(*, agency: Agency, area: MaracArea) -> QuerySet[User]:
    """The agency's active accounts with an active role in the area, with their roles there."""
    roles = Membership.objects.filter(area=area, is_active=True).order_by("role")
    return (
        User.objects.filter(agency=agency, is_active=True, memberships__area=area, memberships__is_active=True)
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="roles_here"))
        .order_by("full_name", "pk")
    )


@dataclass(frozen=True)
class ReviewDue:
    agency: Agency
    area: MaracArea
    review: AccountReview | None


def reviews_for(scope: Scope, user: User, quarter: str) -> list[ReviewDue]:
    """The quarter's review for each area where the user represents their agency."""
    agency = user.agency
    if not scope.represents or agency is None:
        return []
    areas = list(MaracArea.objects.filter(pk__in=scope.representative_area_ids, is_active=True).order_by("name"))
    done = {
        review.area_id: review
        for review in AccountReview.objects.filter(agency=agency, quarter=quarter).select_related("confirmed_by")
    }
    return [ReviewDue(agency=agency, area=area, review=done.get(area.pk)) for area in areas]
