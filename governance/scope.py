"""What the governance figures cover: some areas over a period of days, and
the querysets every group of figures starts from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from cases.models import AgendaItem, Meeting, MeetingStatus, Referral, ReferralStatus
from marac.models import MaracArea


def local_day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """From midnight at the start of ``start`` to the last moment of ``end``, in
    the service's time zone: the same days as ``__date`` lookups, but a range
    an index on the timestamp can serve."""
    zone = timezone.get_current_timezone()
    first = datetime.combine(start, time.min, tzinfo=zone)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return first, after - timedelta(microseconds=1)


def latest_referral() -> QuerySet[Referral]:
    """The case's latest received referral sent on or before the meeting date
    (a subquery of an agenda item)."""
    return Referral.objects.filter(
        case_id=OuterRef("case_id"),
        status=ReferralStatus.RECEIVED,
        submitted_at__date__lte=OuterRef("meeting__date"),
    ).order_by("-submitted_at")


@dataclass(frozen=True)
class Scope:
    areas: list[MaracArea]
    start: date
    end: date

    @property
    def period(self) -> tuple[datetime, datetime]:
        """The period's days as a timestamp range (see :func:`local_day_range`)."""
        return local_day_range(self.start, self.end)

    def held_meetings(self) -> QuerySet[Meeting]:
        return Meeting.objects.filter(
            area__in=self.areas, status=MeetingStatus.HELD, date__gte=self.start, date__lte=self.end
        )

    def heard_items(self) -> QuerySet[AgendaItem]:
        """The cases heard: agenda items of the meetings held in the period."""
        return AgendaItem.objects.filter(
            meeting__area__in=self.areas,
            meeting__status=MeetingStatus.HELD,
            meeting__date__gte=self.start,
            meeting__date__lte=self.end,
        )

    def heard_with_latest_referral(self) -> QuerySet[AgendaItem]:
        """The cases heard, each with its latest referral's repeat flag and date sent (in SQL)."""
        latest = latest_referral()
        return self.heard_items().annotate(
            latest_repeat=Subquery(latest.values("is_repeat")[:1]),
            latest_sent=Subquery(latest.values("submitted_at__date")[:1]),
        )
