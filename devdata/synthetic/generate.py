"""The synthetic case history: referrals, cases, people, meetings, research,
the survivor's voice, actions and their updates, written with COPY.

The history is simulated in time order across all areas, as a real
deployment would fill up over the years, so rows lie in the tables in
roughly the order they would in life (ids rise with time in every table,
and one area's rows are spread among the others'), which matters for
honest benchmarks.

How the simulation runs (each step follows the rules the services apply):

1. Each area's regular meetings are laid out over the history and twelve
   meetings ahead, from the area's pattern (``cases.meeting_services``).
2. Each case starts with a referral at a random time; with SafeLives'
   repeat rate a further incident brings a repeat referral within 12 months,
   and now and then a new (not repeat) referral comes later. Referrals are
   drafted by a practitioner, sent by their agency's representative and
   received by the coordinator, and carry a risk checklist whose score and
   criteria come from ``cases.criteria``.
3. A received referral lists the case on the next meeting whose research
   deadline it can meet, unless the case is already on a meeting not yet
   held (``agenda_place_case``); the large city area caps its agendas at 60
   and its coordinator adds an extra meeting the next working day for the
   rest. The city's weekly meeting is tomorrow: its agenda is circulated and
   the research is in.
4. Meetings before today are held: every invited agency researched every
   case (or said "not known to us"), the IDAA recorded the survivor's voice,
   agencies shared information by PPMT stage, the chair agreed actions, and
   minutes were approved and distributed. The next meeting is circulated
   with research under way; later ones are scheduled.
5. Actions due in the past were mostly completed (some late, some not
   completed); some are still outstanding and overdue, more so recent ones.

Invariants the tests check: every foreign key holds (PostgreSQL validates
them when the load ends), scores equal the checklist's "yes" answers,
reasons are what ``cases.criteria`` computes, repeats are within 12 months
of the last referral and on the same case, research comes only from invited
agencies, and action owners are agencies of the case's area.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from devdata.synthetic import text
from devdata.synthetic.actions import ACTION_OWNERS
from devdata.synthetic.history import Planning
from devdata.synthetic.loader import BulkLoader
from devdata.synthetic.meetings import BLAMING_EXAMPLES, MeetingHistory
from devdata.synthetic.people import Addresses, NamePools
from devdata.synthetic.referrals import REFERRING_AGENCIES, ReferralHistory
from devdata.synthetic.rows import DAY, TABLES, weighted
from devdata.synthetic.world import World
from marac.language import check_language

__all__ = ["TABLES", "Generator", "now_utc"]


class Generator(Planning, ReferralHistory, MeetingHistory):
    """The whole history, written through ``loader``'s COPY streams."""

    def __init__(
        self,
        *,
        world: World,
        loader: BulkLoader,
        cases: int,
        years: int,
        rng: random.Random,
        names: NamePools,
        addresses: Addresses,
        now: datetime,
        progress: Callable[[str], None],
    ) -> None:
        self.world = world
        self.loader = loader
        self.n_cases = cases
        self.years = years
        self.rng = rng
        self.names = names
        self.addresses = addresses
        self.now = now.timestamp()
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.today = now.astimezone(self.zone).date()
        self.start = self.now - years * 365.25 * DAY
        self.progress = progress
        self.w = {table: loader.writer(table) for table in TABLES}
        self.ids = dict.fromkeys(TABLES, 0)
        self.meetings = {}
        self.referral_kinds = weighted(REFERRING_AGENCIES)
        self.owner_kinds = {focus: weighted(pairs) for focus, pairs in ACTION_OWNERS.items()}
        self.relationships = weighted(list(text.RELATIONSHIPS))
        self.ethnicities = weighted([((label, bame), weight) for label, weight, bame in text.ETHNICITIES])
        self.prompts = [p for example in BLAMING_EXAMPLES for p in check_language(example)]
        self.answer_pool = {}
        self.conflicts = set()
        self.last_entry = 0
        self.reasons_cache = {}
        self.perpetrator_pool = {}
        self.counters = {}

    def run(self) -> dict[str, int]:
        self.progress("Planning meetings and case histories...")
        self.plan_meetings()
        events = self.plan_cases()
        self.progress(f"  {len(self.all_meetings):,} meetings, {len(events):,} referrals planned")
        self.progress("Writing people, cases and referrals...")
        self.emit_referrals(events)
        self.emit_pending()
        self.emit_cases(events)
        self.progress("Writing meetings, research, the survivor's voice and actions...")
        self.emit_meetings()
        return dict(self.loader.rows)


def now_utc() -> datetime:
    return datetime.now(UTC)
