"""The governance figures: one selector, SQL aggregation over the whole period.

The page, the CSV data return, the PDF report and the API all read these
figures, so they agree. Counts from 1 to 4 are suppressed ("fewer than 5")
wherever they could identify a person; percentages are shown only when
their base is 5 or more (governance.suppression).

Each group of figures is gathered by its own function, over the same
:class:`~governance.scope.Scope`: the cases heard and the referrals here;
attendance, the actions agreed, the victims' profile and the practice
indicators in their own modules. Each returns its fields of :class:`Figures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from cases.models import Case, CaseParty, PartyRole, Referral, ReferralStatus
from cases.people.counter_allegations import counter_allegation_cases
from governance.agreed_actions import action_figures
from governance.attendance import attendance_figures
from governance.expressions import Median, in_days
from governance.models import ReferralReview
from governance.needs import need_figures
from governance.practice import language_figures, practice_figures
from governance.processes import process_figures
from governance.profile import profile_figures
from governance.scope import Scope
from governance.suppression import SUPPRESS_BELOW, Figure, percent
from marac.models import AgencyKind, MaracArea

__all__ = ["EXPECTED_PER_10000_WOMEN_A_YEAR", "SUPPRESS_BELOW", "Figure", "Figures", "governance_figures", "percent"]

EXPECTED_PER_10000_WOMEN_A_YEAR = 40


@dataclass
class Figures:
    areas: list[MaracArea]
    start: date
    end: date
    meetings_held: Figure
    cases_heard: Figure
    repeats: Figure
    repeat_rate: str
    children: Figure
    counter_allegations: Figure
    processes: list[tuple[str, Figure]]
    review_due: Figure
    expected_cases: int | None
    referrals_total: Figure
    referrals_by_agency: list[tuple[str, Figure]]
    police_share: str
    days_to_meeting_median: float | None
    days_to_meeting_mean: float | None
    attendance: list[dict[str, Any]]
    missing_repeatedly: list[str]
    actions_by_agency: list[dict[str, Any]]
    oldest_overdue: date | None
    persistent_overdue: Figure
    profile: dict[str, list[tuple[str, Figure]]]
    perpetrators_17_or_under: Figure
    needs: list[tuple[str, Figure]]
    practice: dict[str, str]
    actions_by_focus: list[tuple[str, Figure, str]]
    language_raised: Figure
    language_reframed: Figure
    inappropriate_by_agency: list[tuple[str, Figure]]
    feedback_sent: Figure
    extra: dict[str, Any] = field(default_factory=dict)


def governance_figures(*, areas: list[MaracArea], start: date, end: date) -> Figures:
    scope = Scope(areas=areas, start=start, end=end)
    heard = heard_figures(scope)
    return Figures(
        areas=areas,
        start=start,
        end=end,
        **heard,
        expected_cases=expected_cases(scope),
        **referral_figures(scope),
        **attendance_figures(scope),
        **action_figures(scope),
        **profile_figures(scope),
        **process_figures(scope),
        **need_figures(scope),
        **practice_figures(scope, cases_heard=heard["cases_heard"].value),
        **language_figures(scope),
        **feedback_figures(scope),
    )


def heard_figures(scope: Scope) -> dict[str, Any]:
    """Meetings held; cases heard, repeats and the time from referral to
    meeting, in one pass (the latest referral heard at each agenda item, in
    SQL); and the children in the households of cases heard."""
    items = scope.heard_with_latest_referral()
    meetings_held = scope.held_meetings().count()
    wait = ExpressionWrapper(F("meeting__date") - F("latest_sent"), output_field=DurationField())
    heard = items.aggregate(
        n=Count("id"),
        repeats=Count("id", filter=Q(latest_repeat=True)),
        median=Median(wait, filter=Q(latest_sent__isnull=False)),
        mean=Avg(wait, filter=Q(latest_sent__isnull=False)),
    )
    cases_heard, repeats = heard["n"], heard["repeats"]
    children = CaseParty.objects.filter(case_id__in=items.values("case_id"), role=PartyRole.CHILD).values(
        "case_id", "person_id"
    )
    return {
        "meetings_held": Figure(meetings_held, suppress=False),
        "cases_heard": Figure(cases_heard),
        "repeats": Figure(repeats),
        "repeat_rate": percent(repeats, cases_heard),
        "children": Figure(children.distinct().count()),
        # Cases heard whose survivor is named as causing harm in another case (assessed as part of the pattern).
        "counter_allegations": Figure(
            counter_allegation_cases(Case.objects.filter(pk__in=items.values("case_id"))).count()
        ),
        "days_to_meeting_median": in_days(heard["median"]),
        "days_to_meeting_mean": in_days(heard["mean"]),
    }


def expected_cases(scope: Scope) -> int | None:
    """Expected volume: about 40 cases a year per 10,000 adult women. Only when
    every area has its population set (a partial sum would mislead)."""
    populations = [a.adult_female_population for a in scope.areas if a.adult_female_population]
    if not populations or len(populations) != len(scope.areas):
        return None
    days = (scope.end - scope.start).days + 1
    return round(sum(populations) / 10_000 * EXPECTED_PER_10000_WOMEN_A_YEAR * days / 365)


def referral_figures(scope: Scope) -> dict[str, Any]:
    """Referrals received in the period, by referring agency. Dates are compared
    as local midnights, so the (area, time) indexes serve every period filter."""
    received = Referral.objects.filter(
        area__in=scope.areas, status=ReferralStatus.RECEIVED, submitted_at__range=scope.period
    )
    by_agency = list(
        received.values("referring_agency__name", "referring_agency__kind")
        .annotate(n=Count("id"))
        .order_by("-n", "referring_agency__name")
    )
    referrals_total = sum(r["n"] for r in by_agency)
    police = sum(r["n"] for r in by_agency if r["referring_agency__kind"] == AgencyKind.POLICE)
    return {
        "referrals_total": Figure(referrals_total),
        "referrals_by_agency": [(r["referring_agency__name"], Figure(r["n"])) for r in by_agency],
        "police_share": percent(police, referrals_total),
    }


def feedback_figures(scope: Scope) -> dict[str, Any]:
    """Referral feedback: referrals the group judged inappropriate, by agency,
    and how many of those reviews sent feedback."""
    reviews = ReferralReview.objects.filter(
        referral__area__in=scope.areas, inappropriate=True, recorded_at__range=scope.period
    )
    inappropriate = list(
        reviews.values("referral__referring_agency__name")
        .annotate(n=Count("id"))
        .order_by("-n", "referral__referring_agency__name")
    )
    return {
        "inappropriate_by_agency": [(r["referral__referring_agency__name"], Figure(r["n"])) for r in inappropriate],
        "feedback_sent": Figure(reviews.filter(feedback_sent_at__isnull=False).count(), suppress=False),
    }
