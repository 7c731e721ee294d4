"""The governance figures: one selector, SQL aggregation over the whole period.

The page, the CSV data return, the PDF report and the API all read these
figures, so they agree. Counts from 1 to 4 are suppressed ("fewer than 5")
wherever they could identify a person; percentages are shown only when
their base is 5 or more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from actions.models import Action, ActionFocus, ActionStatus
from cases.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CaseParty,
    Gender,
    Meeting,
    MeetingStatus,
    PartyRole,
    Referral,
    ReferralStatus,
    YesNoPreferNot,
)
from marac.models import AgencyKind, MaracArea
from ppmt.models import LanguagePromptEvent, ResearchEntry, SurvivorVoice

SUPPRESS_BELOW = 5
EXPECTED_PER_10000_WOMEN_A_YEAR = 40


@dataclass(frozen=True)
class Figure:
    """A count, shown suppressed when it could identify someone."""

    value: int
    suppress: bool = True

    @property
    def display(self) -> str:
        if self.suppress and 0 < self.value < SUPPRESS_BELOW:
            return f"fewer than {SUPPRESS_BELOW}"
        return f"{self.value:,}"

    @property
    def plain(self) -> str:
        """As :attr:`display`, without thousands separators (for CSV)."""
        return self.display.replace(",", "")

    @property
    def suppressed(self) -> bool:
        return self.suppress and 0 < self.value < SUPPRESS_BELOW

    def __str__(self) -> str:
        return self.display


def percent(part: int, whole: int) -> str:
    if whole < SUPPRESS_BELOW:
        return "not shown (base fewer than 5)" if whole else "none"
    if 0 < part < SUPPRESS_BELOW:
        return "not shown (fewer than 5)"
    share = (Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{share}%"


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
    practice: dict[str, str]
    actions_by_focus: list[tuple[str, Figure, str]]
    language_raised: Figure
    language_reframed: Figure
    inappropriate_by_agency: list[tuple[str, Figure]]
    feedback_sent: Figure
    extra: dict[str, Any] = field(default_factory=dict)


def _heard_items(areas: list[MaracArea], start: date, end: date) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(
        meeting__area__in=areas, meeting__status=MeetingStatus.HELD, meeting__date__gte=start, meeting__date__lte=end
    )


def _latest_referral(item_ref: str = "pk") -> QuerySet[Referral]:
    """The case's latest received referral sent on or before the meeting date."""
    return Referral.objects.filter(
        case_id=OuterRef("case_id"),
        status=ReferralStatus.RECEIVED,
        submitted_at__date__lte=OuterRef("meeting__date"),
    ).order_by("-submitted_at")


def _age_bands(rows: list[dict[str, Any]]) -> list[tuple[str, Figure]]:
    bands = [
        ("16 or 17", 16, 17),
        ("18 to 24", 18, 24),
        ("25 to 34", 25, 34),
        ("35 to 44", 35, 44),
        ("45 to 54", 45, 54),
        ("55 to 64", 55, 64),
        ("65 or over", 65, 200),
    ]
    counts = dict.fromkeys([b[0] for b in bands] + ["Under 16", "Not recorded"], 0)
    for row in rows:
        age = row["age"]
        if age is None:
            counts["Not recorded"] += row["n"]
        elif age < 16:
            counts["Under 16"] += row["n"]
        else:
            for label, low, high in bands:
                if low <= age <= high:
                    counts[label] += row["n"]
    return [(label, Figure(n)) for label, n in counts.items() if n or label != "Under 16"]


def _choice_counts(values: dict[str, int], choices: Any) -> list[tuple[str, Figure]]:
    return [(str(label), Figure(values.get(value, 0))) for value, label in choices]


def governance_figures(*, areas: list[MaracArea], start: date, end: date) -> Figures:
    items = _heard_items(areas, start, end)
    latest = _latest_referral()
    items = items.annotate(
        latest_repeat=Subquery(latest.values("is_repeat")[:1]),
        latest_sent=Subquery(latest.values("submitted_at__date")[:1]),
    )
    meetings_held = Meeting.objects.filter(
        area__in=areas, status=MeetingStatus.HELD, date__gte=start, date__lte=end
    ).count()
    # Cases heard, repeats and the time from referral to meeting, in one pass
    # (the latest referral heard at each agenda item, in SQL).
    wait = ExpressionWrapper(F("meeting__date") - F("latest_sent"), output_field=DurationField())
    heard = items.aggregate(
        n=Count("id"),
        repeats=Count("id", filter=Q(latest_repeat=True)),
        median=Median(wait, filter=Q(latest_sent__isnull=False)),
        mean=Avg(wait, filter=Q(latest_sent__isnull=False)),
    )
    cases_heard, repeats = heard["n"], heard["repeats"]
    case_ids = items.values("case_id")

    # Children in the households of cases heard.
    children = CaseParty.objects.filter(case_id__in=case_ids, role=PartyRole.CHILD).values("case_id", "person_id")
    children_count = children.distinct().count()

    # Expected volume: about 40 cases a year per 10,000 adult women.
    # Only when every area has its population set (a partial sum would mislead).
    populations = [a.adult_female_population for a in areas if a.adult_female_population]
    if len(populations) != len(areas):
        populations = []
    days = (end - start).days + 1
    expected = round(sum(populations) / 10_000 * EXPECTED_PER_10000_WOMEN_A_YEAR * days / 365) if populations else None

    # Referrals received in the period, by referring agency. Dates are compared
    # as local midnights, so the (area, time) indexes serve every period filter.
    period = _local_day_range(start, end)
    received = Referral.objects.filter(area__in=areas, status=ReferralStatus.RECEIVED, submitted_at__range=period)
    by_agency = list(
        received.values("referring_agency__name", "referring_agency__kind")
        .annotate(n=Count("id"))
        .order_by("-n", "referring_agency__name")
    )
    referrals_total = sum(r["n"] for r in by_agency)
    police = sum(r["n"] for r in by_agency if r["referring_agency__kind"] == AgencyKind.POLICE)

    # Attendance by agency over held meetings (invited agencies; not recorded counts too).
    held_meetings = Meeting.objects.filter(area__in=areas, status=MeetingStatus.HELD, date__gte=start, date__lte=end)
    invited = list(
        Meeting.invited_agencies.through.objects.filter(meeting__in=held_meetings)
        .values("agency_id", "agency__name")
        .annotate(n=Count("id"))
    )
    recorded = {
        (row["agency_id"], row["status"]): row["n"]
        for row in Attendance.objects.filter(meeting__in=held_meetings)
        # Only agencies still invited to that meeting (invitations can change afterwards).
        .filter(
            Exists(
                Meeting.invited_agencies.through.objects.filter(
                    meeting_id=OuterRef("meeting_id"), agency_id=OuterRef("agency_id")
                )
            )
        )
        .values("agency_id", "status")
        .annotate(n=Count("id"))
    }
    attendance = []
    missing = []
    for row in sorted(invited, key=lambda r: r["agency__name"]):
        counts = {status: recorded.get((row["agency_id"], status), 0) for status in AttendanceStatus.values}
        not_recorded = row["n"] - sum(counts.values())
        attendance.append(
            {
                "agency": row["agency__name"],
                "invited": row["n"],
                **{k: Figure(v, suppress=False) for k, v in counts.items()},
                "not_recorded": Figure(not_recorded, suppress=False),
            }
        )
        if counts[AttendanceStatus.ABSENT] + counts[AttendanceStatus.APOLOGIES] + not_recorded >= 2:
            missing.append(row["agency__name"])

    # Actions agreed in the period, by owning agency.
    agreed = Action.objects.filter(area__in=areas, created_at__range=period)
    today = min(end, timezone.localdate())
    action_rows = list(
        agreed.values("owner_agency__name")
        .annotate(
            agreed=Count("id"),
            on_time=Count("id", filter=Q(status=ActionStatus.COMPLETED, closed_at__date__lte=F("due_date"))),
            late=Count("id", filter=Q(status=ActionStatus.COMPLETED, closed_at__date__gt=F("due_date"))),
            outstanding=Count("id", filter=Q(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])),
            overdue=Count("id", filter=Q(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS], due_date__lt=today)),
            not_completed=Count("id", filter=Q(status=ActionStatus.NOT_COMPLETED)),
        )
        .order_by("owner_agency__name")
    )
    actions_by_agency = [
        {
            "agency": r["owner_agency__name"],
            **{k: Figure(v, suppress=False) for k, v in r.items() if k != "owner_agency__name"},
        }
        for r in action_rows
    ]
    outstanding_overdue = Action.objects.filter(
        area__in=areas, status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS], due_date__lt=today
    )
    oldest = outstanding_overdue.order_by("due_date").values_list("due_date", flat=True).first()
    persistent = outstanding_overdue.filter(
        due_date__lt=today - timedelta(days=min((a.action_escalation_days for a in areas), default=7))
    ).count()

    # The victims' profile (one row per case heard, at the meeting date): one
    # grouped count in SQL over every characteristic at once, then each
    # characteristic's totals from those groups (never a loop over cases).
    groups = _profile_groups(items)

    def tally(key: str) -> dict[str, int]:
        totals: dict[str, int] = {}
        for row in groups:
            totals[row[key] or ""] = totals.get(row[key] or "", 0) + row["n"]
        return totals

    ages: dict[Any, int] = {}
    for row in groups:
        ages[row["age"]] = ages.get(row["age"], 0) + row["n"]
    profile = {
        "Gender": _choice_counts(tally("case__victim__gender"), Gender.choices),
        "Age": _age_bands([{"age": age, "n": n} for age, n in ages.items()]),
        "Black or minoritised": _choice_counts(tally("case__victim__black_or_minoritised"), YesNoPreferNot.choices),
        "LGBT+": _choice_counts(tally("case__victim__lgbt"), YesNoPreferNot.choices),
        "Disabled": _choice_counts(tally("case__victim__disabled"), YesNoPreferNot.choices),
    }
    # Persons causing harm aged 17 or under at the meeting that heard their case (as the
    # victims' ages above and the data return).
    from governance.data_return import age_at

    young_perpetrators = (
        # Only the parties of cases heard (bounds the search to the period's cases).
        CaseParty.objects.filter(role=PartyRole.PERPETRATOR, person__date_of_birth__isnull=False, case_id__in=case_ids)
        .filter(
            Exists(
                _heard_items(areas, start, end)
                .filter(case_id=OuterRef("case_id"))
                .annotate(perpetrator_age=age_at(F("meeting__date"), OuterRef("person__date_of_birth")))
                .filter(perpetrator_age__lte=17)
            )
        )
        .values("person_id")
        .distinct()
        .count()
    )

    # Safe & Together practice indicators, in one pass over the cases heard.
    has_strengths = Q(Exists(SurvivorVoice.objects.filter(item=OuterRef("pk")).exclude(strengths=""))) | Q(
        Exists(
            ResearchEntry.objects.filter(
                submission__item=OuterRef("pk"), stage="protective", superseded_by__isnull=True, withdrawn=False
            )
        )
    )
    has_children = Q(Exists(CaseParty.objects.filter(case_id=OuterRef("case_id"), role=PartyRole.CHILD)))
    has_childrens_voice = Q(Exists(SurvivorVoice.objects.filter(item=OuterRef("pk")).exclude(childrens_voice="")))
    has_perpetrator_action = Q(Exists(Action.objects.filter(item=OuterRef("pk"), focus=ActionFocus.PERPETRATOR)))
    practice = _heard_items(areas, start, end).aggregate(
        strengths=Count("id", filter=has_strengths),
        with_children=Count("id", filter=has_children),
        childrens_voice=Count("id", filter=has_children & has_childrens_voice),
        perpetrator_action=Count("id", filter=has_perpetrator_action),
    )
    strengths, childrens_voice = practice["strengths"], practice["childrens_voice"]
    perpetrator_action = practice["perpetrator_action"]
    focus_rows = dict(agreed.values_list("focus").annotate(n=Count("id")))
    agreed_total = sum(focus_rows.values())
    language = LanguagePromptEvent.objects.filter(case__area__in=areas, raised_at__range=period)
    lang = language.aggregate(raised=Count("id"), reframed=Count("id", filter=Q(reframed_at__isnull=False)))

    # Referral feedback: referrals the group judged inappropriate, by agency.
    from governance.models import ReferralReview

    reviews = ReferralReview.objects.filter(referral__area__in=areas, inappropriate=True, recorded_at__range=period)
    inappropriate = list(
        reviews.values("referral__referring_agency__name")
        .annotate(n=Count("id"))
        .order_by("-n", "referral__referring_agency__name")
    )

    return Figures(
        areas=areas,
        start=start,
        end=end,
        meetings_held=Figure(meetings_held, suppress=False),
        cases_heard=Figure(cases_heard),
        repeats=Figure(repeats),
        repeat_rate=percent(repeats, cases_heard),
        children=Figure(children_count),
        expected_cases=expected,
        referrals_total=Figure(referrals_total),
        referrals_by_agency=[(r["referring_agency__name"], Figure(r["n"])) for r in by_agency],
        police_share=percent(police, referrals_total),
        days_to_meeting_median=_days(heard["median"]),
        days_to_meeting_mean=_days(heard["mean"]),
        attendance=attendance,
        missing_repeatedly=missing,
        actions_by_agency=actions_by_agency,
        oldest_overdue=oldest,
        persistent_overdue=Figure(persistent, suppress=False),
        profile=profile,
        perpetrators_17_or_under=Figure(young_perpetrators),
        practice={
            "Cases with the survivor's strengths recorded": percent(strengths, cases_heard),
            "Cases with children where the children's voice was recorded": percent(
                childrens_voice, practice["with_children"]
            ),
            "Cases with at least one action addressing the person causing harm": percent(
                perpetrator_action, cases_heard
            ),
        },
        actions_by_focus=[
            (
                str(label),
                Figure(focus_rows.get(value, 0), suppress=False),
                percent(focus_rows.get(value, 0), agreed_total),
            )
            for value, label in ActionFocus.choices
        ],
        language_raised=Figure(lang["raised"], suppress=False),
        language_reframed=Figure(lang["reframed"], suppress=False),
        inappropriate_by_agency=[(r["referral__referring_agency__name"], Figure(r["n"])) for r in inappropriate],
        feedback_sent=Figure(reviews.filter(feedback_sent_at__isnull=False).count(), suppress=False),
    )


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _days(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def _local_day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """From midnight at the start of ``start`` to the last moment of ``end``, in
    the service's time zone: the same days as ``__date`` lookups, but a range
    an index on the timestamp can serve."""
    zone = timezone.get_current_timezone()
    first = datetime.combine(start, time.min, tzinfo=zone)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return first, after - timedelta(microseconds=1)


def _profile_groups(items: QuerySet[AgendaItem]) -> list[dict[str, Any]]:
    """Cases heard, counted by every victim characteristic at once, with the
    victim's age in whole years at the meeting date (SQL)."""
    from django.db.models import Func

    age = Func(
        Func(F("meeting__date"), F("case__victim__date_of_birth"), function="AGE"),
        function="DATE_PART",
        template="DATE_PART('year', %(expressions)s)",
        output_field=IntegerField(),
    )
    return list(
        items.annotate(age=age)
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
