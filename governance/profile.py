"""The victims' profile of the cases heard, and the persons causing harm aged
17 or under (part of the governance figures)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet

from cases.models import AgendaItem, CaseParty, Gender, PartyRole, YesNoPreferNot
from governance.expressions import age_at
from governance.scope import Scope
from governance.suppression import Figure

AGE_BANDS = [
    ("16 or 17", 16, 17),
    ("18 to 24", 18, 24),
    ("25 to 34", 25, 34),
    ("35 to 44", 35, 44),
    ("45 to 54", 45, 54),
    ("55 to 64", 55, 64),
    ("65 or over", 65, 200),
]


def profile_figures(scope: Scope) -> dict[str, Any]:
    """The ``profile`` and ``perpetrators_17_or_under`` fields of ``Figures``."""
    return {"profile": victim_profile(scope), "perpetrators_17_or_under": Figure(young_perpetrators(scope))}


def victim_profile(scope: Scope) -> dict[str, list[tuple[str, Figure]]]:
    """The victims' profile (one row per case heard, at the meeting date): one
    grouped count in SQL over every characteristic at once, then each
    characteristic's totals from those groups (never a loop over cases)."""
    groups = profile_groups(scope.heard_with_latest_referral())

    def tally(key: str) -> dict[str, int]:
        totals: dict[str, int] = {}
        for row in groups:
            totals[row[key] or ""] = totals.get(row[key] or "", 0) + row["n"]
        return totals

    ages: dict[Any, int] = {}
    for row in groups:
        ages[row["age"]] = ages.get(row["age"], 0) + row["n"]
    return {
        "Gender": choice_counts(tally("case__victim__gender"), Gender.choices),
        "Age": age_bands([{"age": age, "n": n} for age, n in ages.items()]),
        "Black or minoritised": choice_counts(tally("case__victim__black_or_minoritised"), YesNoPreferNot.choices),
        "LGBT+": choice_counts(tally("case__victim__lgbt"), YesNoPreferNot.choices),
        "Disabled": choice_counts(tally("case__victim__disabled"), YesNoPreferNot.choices),
    }


def young_perpetrators(scope: Scope) -> int:
    """Persons causing harm aged 17 or under at the meeting that heard their
    case (as the victims' ages above and the data return)."""
    case_ids = scope.heard_with_latest_referral().values("case_id")
    return (
        # Only the parties of cases heard (bounds the search to the period's cases).
        CaseParty.objects.filter(role=PartyRole.PERPETRATOR, person__date_of_birth__isnull=False, case_id__in=case_ids)
        .filter(
            Exists(
                scope.heard_items()
                .filter(case_id=OuterRef("case_id"))
                .annotate(perpetrator_age=age_at(F("meeting__date"), OuterRef("person__date_of_birth")))
                .filter(perpetrator_age__lte=17)
            )
        )
        .values("person_id")
        .distinct()
        .count()
    )


def profile_groups(items: QuerySet[AgendaItem]) -> list[dict[str, Any]]:
    """Cases heard, counted by every victim characteristic at once, with the
    victim's age in whole years at the meeting date (SQL)."""
    return list(
        items.annotate(age=age_at(F("meeting__date"), F("case__victim__date_of_birth")))
        .values(
            "case__victim__gender",
            "case__victim__black_or_minoritised",
            "case__victim__lgbt",
            "case__victim__disabled",
            "age",
        )
        .annotate(n=Count("id"))
        .order_by()
    )


def age_bands(rows: list[dict[str, Any]]) -> list[tuple[str, Figure]]:
    counts = dict.fromkeys([b[0] for b in AGE_BANDS] + ["Under 16", "Not recorded"], 0)
    for row in rows:
        age = row["age"]
        if age is None:
            counts["Not recorded"] += row["n"]
        elif age < 16:
            counts["Under 16"] += row["n"]
        else:
            for label, low, high in AGE_BANDS:
                if low <= age <= high:
                    counts[label] += row["n"]
    return [(label, Figure(n)) for label, n in counts.items() if n or label != "Under 16"]


def choice_counts(values: dict[str, int], choices: list[tuple[Any, Any]]) -> list[tuple[str, Figure]]:
    return [(str(label), Figure(values.get(value, 0))) for value, label in choices]
