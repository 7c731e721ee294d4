"""The quarterly data return, one row per meeting (the SafeLives MARAC data form's fields)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from cases.models import AgendaItem, CaseParty, MeetingStatus, PartyRole, Referral, ReferralStatus
from governance.expressions import age_at
from governance.suppression import Figure
from marac.models import AgencyKind, MaracArea

# Referral sources as the SafeLives form groups them.
SOURCES = [
    ("police", "Referrals from police", [AgencyKind.POLICE]),
    ("idaa", "Referrals from IDAA / IDVA services", [AgencyKind.IDAA]),
    ("childrens", "Referrals from children's social care", [AgencyKind.CHILDREN_FAMILIES]),
    ("health", "Referrals from health (including mental health)", [AgencyKind.HEALTH, AgencyKind.MENTAL_HEALTH]),
    ("housing", "Referrals from housing", [AgencyKind.HOUSING]),
    ("other", "Referrals from other agencies", None),
]

COLUMNS = [
    ("marac", "MARAC"),
    ("meeting_date", "Meeting date"),
    ("cases", "Cases discussed"),
    ("repeats", "Repeat cases"),
    ("children", "Children in the households"),
    *[(key, label) for key, label, _ in SOURCES],
    ("bme", "Victims who are Black or racially minoritised"),
    ("lgbt", "Victims who are LGBT+"),
    ("disabled", "Victims who are disabled"),
    ("male", "Male victims"),
    ("aged_16_17", "Victims aged 16 or 17"),
    ("perpetrators_17_under", "Persons causing harm aged 17 or under"),
]


def data_return_rows(*, areas: list[MaracArea], start: date, end: date) -> list[dict[str, Any]]:
    """Aggregated per meeting in SQL; counts from 1 to 4 shown as "fewer than 5"."""
    latest = Referral.objects.filter(
        case_id=OuterRef("case_id"), status=ReferralStatus.RECEIVED, submitted_at__date__lte=OuterRef("meeting__date")
    ).order_by("-submitted_at")
    young = (
        CaseParty.objects.filter(case_id=OuterRef("case_id"), role=PartyRole.PERPETRATOR)
        .annotate(age=age_at(OuterRef("meeting__date"), F("person__date_of_birth")))
        .filter(age__lte=17)
    )
    items = AgendaItem.objects.filter(
        meeting__area__in=areas,
        meeting__status=MeetingStatus.HELD,
        meeting__date__gte=start,
        meeting__date__lte=end,
    ).annotate(
        source_kind=Subquery(latest.values("referring_agency__kind")[:1]),
        repeat=Subquery(latest.values("is_repeat")[:1]),
        young_perpetrator=Exists(young),
        victim_age=age_at(F("meeting__date"), F("case__victim__date_of_birth")),
    )
    named = [kind for _, _, kinds in SOURCES if kinds for kind in kinds]
    aggregates: dict[str, Any] = {
        "cases": Count("id"),
        "repeats": Count("id", filter=Q(repeat=True)),
        "bme": Count("id", filter=Q(case__victim__black_or_minoritised="yes")),
        "lgbt": Count("id", filter=Q(case__victim__lgbt="yes")),
        "disabled": Count("id", filter=Q(case__victim__disabled="yes")),
        "male": Count("id", filter=Q(case__victim__gender="man")),
        "aged_16_17": Count("id", filter=Q(victim_age__in=[16, 17])),
        "perpetrators_17_under": Count("id", filter=Q(young_perpetrator=True)),
    }
    for key, _, kinds in SOURCES:
        aggregates[key] = Count("id", filter=Q(source_kind__in=kinds) if kinds else ~Q(source_kind__in=named))
    rows = (
        items.values("meeting_id", "meeting__date", "meeting__area__name")
        .annotate(**aggregates)
        .order_by("meeting__date", "meeting__area__name")
    )
    children_by_meeting = dict(
        items.values("meeting_id")
        .annotate(n=Count("case__parties", filter=Q(case__parties__role=PartyRole.CHILD)))
        .values_list("meeting_id", "n")
    )
    result = []
    for row in rows:
        out: dict[str, Any] = {"marac": row["meeting__area__name"], "meeting_date": row["meeting__date"].isoformat()}
        out["children"] = Figure(children_by_meeting.get(row["meeting_id"], 0)).plain
        for key, _ in COLUMNS[2:]:
            if key != "children":
                out[key] = Figure(row[key]).plain
        result.append(out)
    return result
