"""What happened at meetings: agendas, attendance, research, the survivor's
voice, shared information, actions and minutes (a part of ``Generator``)."""

from __future__ import annotations

import time as clock

from django.urls import reverse

from devdata.synthetic import text
from devdata.synthetic.actions import ActionHistory
from devdata.synthetic.history import Item, Meeting, Referral
from devdata.synthetic.rows import DAY, NULL, STAGE_LABELS, STAGES, date_of, ts
from devdata.synthetic.world import AreaInfo
from marac.models import AgencyKind

# How likely each kind of agency is to know a case (the rest say "not known to us").
KNOWN: dict[str, float] = {
    AgencyKind.POLICE: 0.92,
    AgencyKind.IDAA: 0.75,
    AgencyKind.CHILDREN_FAMILIES: 0.25,
    AgencyKind.HOUSING: 0.4,
    AgencyKind.HEALTH: 0.55,
    AgencyKind.MENTAL_HEALTH: 0.22,
    AgencyKind.SUBSTANCE_USE: 0.15,
    AgencyKind.EDUCATION: 0.03,
    AgencyKind.JUSTICE: 0.25,
    AgencyKind.ADULT_PROTECTION: 0.08,
    AgencyKind.SPECIALIST: 0.12,
}
KNOWN_WITH_CHILDREN: dict[str, float] = {AgencyKind.CHILDREN_FAMILIES: 0.75, AgencyKind.EDUCATION: 0.7}
# Stages an agency's findings fall under (weights in STAGES order).
STAGE_WEIGHTS: dict[str, list[int]] = {
    AgencyKind.POLICE: [6, 2, 1, 1, 2],
    AgencyKind.CHILDREN_FAMILIES: [2, 6, 3, 1, 1],
    AgencyKind.EDUCATION: [1, 6, 3, 1, 0],
    AgencyKind.HEALTH: [2, 2, 2, 4, 1],
    AgencyKind.MENTAL_HEALTH: [1, 1, 2, 6, 1],
    AgencyKind.SUBSTANCE_USE: [2, 1, 1, 6, 1],
    AgencyKind.JUSTICE: [6, 1, 0, 1, 3],
    AgencyKind.HOUSING: [3, 1, 3, 2, 2],
}
BLAMING_EXAMPLES = [
    "She allowed him back into the home.",
    "Mum is hard to engage.",
    "She chooses to stay with him.",
    "The child did not attend the appointment.",
    "It is a volatile relationship.",
    "Police were called to a domestic.",
    "Failure to protect the children.",
    "She refuses to leave.",
]
FEEDBACK = [
    "Thank you for the referral. The group found the risk checklist score and the reason did not show high risk; "
    "a referral to the IDAA service and a safety plan may have met the survivor's needs. Please talk to your "
    "MARAC representative before referring on professional judgement.",
    "Thank you for the referral. The incident described happened more than 12 months after the last referral, so "
    "it was a new referral rather than a repeat; please record the latest incident date.",
    "Thank you for the referral. The referral reached the MARAC without the checklist answers; please attach the "
    "completed risk checklist so the score can be checked.",
]


class MeetingHistory(ActionHistory):
    """Writes meetings and everything recorded for them."""

    # -- 4. meetings and what happened at them ---------------------------------------------------------------
    def emit_meetings(self) -> None:
        now = self.now
        today = self.today
        total = len(self.all_meetings)
        started = clock.monotonic()
        for index, meeting in enumerate(self.all_meetings):
            area = meeting.area
            if meeting.is_extra and not meeting.items:
                continue
            meeting.id = self.next_id("cases_meeting")
            if meeting.day < today:
                meeting.status = "held" if meeting.items else "cancelled"
            elif meeting.deadline - 6 * DAY <= now:
                meeting.status = "circulated" if meeting.items else "scheduled"
            circulated = meeting.status in ("held", "circulated")
            circulated_at = meeting.deadline - 6 * DAY
            invited = area.invited
            created = meeting.start - 120 * DAY
            self.w["cases_meeting"](
                f"{meeting.id}\t{meeting.day.isoformat()}\t{area.start_time.isoformat()}\t{area.meeting_minutes}\t"
                f"{area.place} Council Offices\t\t{ts(meeting.deadline)}\t{area.minutes_per_case}\t"
                f"{'t' if meeting.is_extra else 'f'}\t"
                f"{meeting.status}\t{ts(circulated_at) if circulated else NULL}\t{len(meeting.items) + 2}\t"
                f"{ts(max(self.start, created))}\t{area.id}\t{area.coordinator if circulated else NULL}\tfull\n"
            )
            for agency in invited:
                self.w["cases_meeting_invited_agencies"](
                    f"{self.next_id('cases_meeting_invited_agencies')}\t{meeting.id}\t{agency}\n"
                )
            # SafeLives' order: cases with children first.
            meeting.items.sort(key=lambda i: (not i.case.children, i.referrals[0].received))
            for item in meeting.items:
                item.id = self.next_id("cases_agendaitem")
            if meeting.status == "held":
                self._held(meeting, invited)
            else:
                self._upcoming(meeting, invited)
            if circulated:
                self._circulation_notices(meeting, invited, circulated_at)
            if index % 10_000 == 0 and index:
                rate = index / (clock.monotonic() - started)
                self.progress(f"  meetings: {index:,} of {total:,} ({rate:,.0f} a second)")

    def _item_row(self, meeting: Meeting, item: Item, position: int, started: float | None, decisions: str) -> None:
        rng = self.rng
        area = meeting.area
        mapping = rng.random() < 0.05
        minutes = rng.randint(7, 12) if rng.random() < 0.05 else None
        finished = started + (minutes or area.minutes_per_case) * 60 if started is not None else None
        self.w["cases_agendaitem"](
            f"{item.id}\t{position}\t{minutes if minutes else NULL}\t{'t' if mapping else 'f'}\t"
            f"{ts(item.referrals[0].received)}\t{ts(started) if started else NULL}\t"
            f"{ts(finished) if finished else NULL}\t{decisions}\t{item.case.id}\t{meeting.id}\t"
            f"{area.agencies[AgencyKind.CHILDREN_FAMILIES] if mapping else NULL}\n"
        )

    def _upcoming(self, meeting: Meeting, invited: list[int]) -> None:
        rng = self.rng
        for position, item in enumerate(meeting.items, start=1):
            self._item_row(meeting, item, position, None, "")
            if meeting.status != "circulated":
                continue
            if meeting.deadline <= self.now:
                self._research_all(meeting, item, invited)
                continue
            # Research under way before the deadline.
            for agency in invited:
                if rng.random() < 0.55:
                    when = min(self.now, meeting.deadline) - rng.uniform(0.1, 4) * DAY
                    self._research(meeting, item, agency, max(when, item.referrals[0].received + 1800))
            if rng.random() < 0.5:
                self._voice(meeting, item, max(self.now - 3600, item.referrals[0].received + 1800))

    def _research_all(self, meeting: Meeting, item: Item, invited: list[int]) -> None:
        """Research in by the deadline: every invited agency has researched the
        case or said it is not known to them (a few have not replied)."""
        rng = self.rng
        area = meeting.area
        for agency in invited:
            kind = self.world.agency_kinds[agency]
            known = KNOWN_WITH_CHILDREN.get(kind, KNOWN.get(kind, 0.1)) if item.case.children else KNOWN.get(
                kind, 0.1)  # fmt: skip
            roll = rng.random()
            when = max(meeting.deadline - rng.uniform(0.1, 5) * DAY, item.referrals[0].received + 1800)
            if roll < 0.03:
                continue  # no research from this agency
            if roll < 0.03 + known:
                self._research(meeting, item, agency, when)
            else:
                self._not_known(item, agency, when, area)
        if rng.random() < 0.85:
            when = max(meeting.deadline - rng.uniform(0.5, 6) * DAY, item.referrals[0].received + 1800)
            self._voice(meeting, item, when)

    def _held(self, meeting: Meeting, invited: list[int]) -> None:
        rng = self.rng
        area = meeting.area
        clock_at = meeting.start + 900  # introductions and outstanding actions first
        minutes_id = self.next_id("cases_minutes")
        attended: dict[int, str] = {}
        for agency in invited:
            status = rng.choices(["present", "deputy", "partial", "apologies", "absent", ""], [80, 5, 5, 7, 2, 1])[0]
            if status:
                attended[agency] = status
        attendance_ids: dict[int, int] = {}
        for agency, status in attended.items():
            aid = self.next_id("cases_attendance")
            attendance_ids[agency] = aid
            rep = (area.reps.get(agency) or [area.coordinator])[0]
            self.w["cases_attendance"](
                f"{aid}\t{status}\t{self.world.user_names.get(rep, '') if status != 'absent' else ''}\t"
                f"{ts(meeting.start + 300)}\t{agency}\t{area.coordinator}\t{meeting.id}\n"
            )
        for position, item in enumerate(meeting.items, start=1):
            decisions = rng.choice(text.DECISIONS)
            self._item_row(meeting, item, position, clock_at, decisions)
            start_item = clock_at
            clock_at += area.minutes_per_case * 60
            self._research_all(meeting, item, invited)
            shared = self._shared(item, invited, start_item, area)
            for agency, status in attended.items():
                if status == "partial" and rng.random() < 0.5:
                    self.w["cases_attendance_cases_attended"](
                        f"{self.next_id('cases_attendance_cases_attended')}\t{attendance_ids[agency]}\t{item.id}\n"
                    )
            self._actions(meeting, item, start_item + area.minutes_per_case * 60)
            minutes_text = "\\n".join([*shared, "Decisions:", decisions])
            self.w["cases_minutescase"](
                f"{self.next_id('cases_minutescase')}\t{minutes_text}\t{item.id}\t{minutes_id}\n"
            )
            if rng.random() < 0.002:
                self._conflict(meeting, item, invited)
            if rng.random() < 0.02:
                self._language_prompt(item, meeting.start)
            for ref in item.referrals:
                if rng.random() < 0.015 and meeting.start + 40 * DAY < self.now:
                    self._review(ref, meeting.start + rng.uniform(30, 40) * DAY, area)
        self._minutes(meeting, minutes_id, attended, invited)

    def _research(self, meeting: Meeting, item: Item, agency: int, when: float) -> None:
        rng = self.rng
        area = meeting.area
        kind = self.world.agency_kinds[agency]
        author = rng.choice(area.reps.get(agency) or [area.coordinator])
        sid = self.next_id("ppmt_researchsubmission")
        self.w["ppmt_researchsubmission"](f"{sid}\tsubmitted\t{ts(when)}\t{ts(when)}\t{agency}\t{item.id}\t{author}\n")
        weights = STAGE_WEIGHTS.get(kind, [3, 2, 2, 2, 1])
        sources = text.RESEARCH_SOURCES.get(kind) or text.RESEARCH_SOURCES["other"]
        basis_police = kind == AgencyKind.POLICE
        write = self.w["ppmt_researchentry"]
        for _ in range(rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0]):
            stage = rng.choices(STAGES, weights)[0]
            eid = self.next_id("ppmt_researchentry")
            superseded = rng.random() < 0.02
            new_id = self.next_id("ppmt_researchentry") if superseded else 0
            basis = "law_enforcement" if basis_police else rng.choices(
                ["safeguarding", "public_task", "vital_interests", "consent"], [60, 35, 3, 2])[0]  # fmt: skip
            restricted = rng.random() < 0.03
            info_date = date_of(when - rng.uniform(1, 700) * DAY)
            source = rng.choice(sources)
            reason = rng.choice(text.RESTRICTION_REASONS) if restricted else ""
            for entry_id, superseded_by, entry_text in (
                ((eid, new_id, rng.choice(text.RESEARCH[stage])), (new_id, 0, rng.choice(text.RESEARCH[stage])))
                if superseded
                else ((eid, 0, rng.choice(text.RESEARCH[stage])),)
            ):
                withdrawn = not superseded and rng.random() < 0.005
                self.last_entry = entry_id
                write(
                    f"{entry_id}\t{stage}\t{entry_text}\t{info_date}\t{source}\t{basis}\t"
                    f"{'t' if restricted else 'f'}\t{reason}\t{ts(when - 600)}\t{'t' if withdrawn else 'f'}\t"
                    f"{author}\t{superseded_by or NULL}\t{sid}\n"
                )
                if restricted:
                    others = [a for a in area.invited if a != agency]
                    for target in rng.sample(others, min(len(others), rng.choice([1, 2]))):
                        self.w["ppmt_researchentry_restricted_to"](
                            f"{self.next_id('ppmt_researchentry_restricted_to')}\t{entry_id}\t{target}\n"
                        )

    def _not_known(self, item: Item, agency: int, when: float, area: AreaInfo) -> None:
        author = self.rng.choice(area.reps.get(agency) or [area.coordinator])
        sid = self.next_id("ppmt_researchsubmission")
        self.w["ppmt_researchsubmission"](f"{sid}\tnot_known\t{ts(when)}\t{ts(when)}\t{agency}\t{item.id}\t{author}\n")

    def _voice(self, meeting: Meeting, item: Item, when: float) -> None:
        rng = self.rng
        area = meeting.area
        v = text.VOICE
        by_idaa = rng.random() < 0.95
        if by_idaa:
            author, agency = rng.choice(area.idaas), area.agencies[AgencyKind.IDAA]
        else:
            agency = area.agencies[AgencyKind.CHILDREN_FAMILIES]
            author = (area.reps.get(agency) or [area.coordinator])[0]
        contact = rng.random() < 0.78
        children = bool(item.case.children)

        def pick(name: str, chance: float = 1.0) -> str:
            return rng.choice(v[name]) if contact and rng.random() < chance else ""

        self.w["ppmt_survivorvoice"](
            f"{self.next_id('ppmt_survivorvoice')}\t{'t' if contact else 'f'}\t"
            f"{'' if contact else rng.choice(v['no_contact_reason'])}\t{pick('views_and_wishes')}\t{pick('fears')}\t"
            f"{pick('wants_from_marac')}\t{pick('own_risk_view', 0.8)}\t{pick('strengths', 0.9)}\t"
            f"{pick('childrens_voice', 0.7) if children else ''}\t{pick('agreed_to_share', 0.8)}\t"
            f"{'t' if by_idaa else 'f'}\t{ts(when)}\t1\t{item.id}\t{author}\t{agency}\n"
        )

    def _shared(self, item: Item, invited: list[int], when: float, area: AreaInfo) -> list[str]:
        rng = self.rng
        lines: dict[str, list[str]] = {}
        for _ in range(rng.choices([0, 1, 2, 3, 4, 5], [5, 15, 25, 25, 20, 10])[0]):
            stage = rng.choices(STAGES, [4, 3, 3, 2, 1])[0]
            agency = rng.choice(invited)
            entry = rng.choice(text.SHARED[stage])
            self.w["ppmt_sharedinformation"](
                f"{self.next_id('ppmt_sharedinformation')}\t{stage}\t{entry}\t{ts(when + 120)}\t{agency}\t"
                f"{item.id}\t{area.chair}\n"
            )
            lines.setdefault(stage, []).append(f"- {self.world.agency_names[agency]}: {entry}")
        labels = dict(zip(STAGES, STAGE_LABELS, strict=True))
        return [line for stage in STAGES if stage in lines for line in (f"{labels[stage]}:", *lines[stage])]

    def _minutes(self, meeting: Meeting, minutes_id: int, attended: dict[int, str], invited: list[int]) -> None:
        rng = self.rng
        area = meeting.area
        names = self.world.agency_names

        def listed(statuses: tuple[str, ...]) -> str:
            return ", ".join(sorted(names[a] for a, s in attended.items() if s in statuses)) or "none"

        absent = sorted(
            [names[a] for a, s in attended.items() if s == "absent"] + [names[a] for a in invited if a not in attended]
        )
        general = "\\n".join(
            [
                f"MARAC meeting, {area.name}, {meeting.day.day} {meeting.day:%B %Y}.",
                f"Present: {listed(('present', 'deputy'))}.",
                f"Present for some cases: {listed(('partial',))}.",
                f"Apologies: {listed(('apologies',))}.",
                f"Not present: {', '.join(absent) or 'none'}.",
                "The chair read the confidentiality statement.",
                rng.choice(text.MINUTES_NOTES),
            ]
        )
        age = self.now - meeting.start
        if age > 10 * DAY:
            status, approved, distributed = "distributed", meeting.start + 3 * DAY, meeting.start + 4 * DAY
        elif age > 4 * DAY:
            status, approved, distributed = "approved", meeting.start + 3 * DAY, None
        else:
            status, approved, distributed = "draft", None, None
        self.w["cases_minutes"](
            f"{minutes_id}\t{general}\t{status}\t{3 if approved else 1}\t{ts(meeting.start + 4 * 3600)}\t"
            f"{ts(approved) if approved else NULL}\t{ts(distributed) if distributed else NULL}\t"
            f"{area.chair if approved else NULL}\t{meeting.id}\n"
        )
        if distributed:
            for agency, attendance in attended.items():
                if attendance in ("apologies", "absent"):
                    continue
                for user in area.reps.get(agency, [])[:2]:
                    if rng.random() < 0.8:
                        self.w["cases_minutesread"](
                            f"{self.next_id('cases_minutesread')}\t{ts(distributed + rng.uniform(0.1, 5) * DAY)}\t"
                            f"{minutes_id}\t{user}\n"
                        )

    def _conflict(self, meeting: Meeting, item: Item, invited: list[int]) -> None:
        rng = self.rng
        agency = rng.choice(invited)
        users = meeting.area.reps.get(agency)
        if not users or (users[0], item.case.id) in self.conflicts:
            return
        self.conflicts.add((users[0], item.case.id))
        self.w["cases_conflictofinterest"](
            f"{self.next_id('cases_conflictofinterest')}\t{rng.choice(['related', 'knows', 'other'])}\t"
            f"{ts(meeting.deadline - DAY)}\t{item.case.id}\t{item.case.perpetrators[0].person}\t{users[0]}\t"
            f"{meeting.id}\t\\N\t\t\\N\n"
        )

    def _language_prompt(self, item: Item, when: float) -> None:
        rng = self.rng
        prompt = rng.choice(self.prompts)
        area = item.case.area
        agency = rng.choice(area.invited)
        author = rng.choice(area.reps.get(agency) or [area.coordinator])
        reframed = ts(when - 3600) if rng.random() < 0.6 else NULL
        self.w["ppmt_languagepromptevent"](
            f"{self.next_id('ppmt_languagepromptevent')}\tresearch\t{self.last_entry or item.id}\ttext\t"
            f"{prompt.code}\t{prompt.matched}\t"
            f"{ts(when - 2 * DAY)}\t{reframed}\t{agency}\t{item.case.id}\t{author}\n"
        )

    def _review(self, ref: Referral, when: float, area: AreaInfo) -> None:
        sent = ts(when + DAY) if self.rng.random() < 0.85 else NULL
        self.w["governance_referralreview"](
            f"{self.next_id('governance_referralreview')}\tt\t{self.rng.choice(FEEDBACK)}\t{ts(when)}\t{sent}\t"
            f"{area.coordinator}\t{ref.id}\n"
        )

    def _circulation_notices(self, meeting: Meeting, invited: list[int], when: float) -> None:
        """The in-application notice each invited representative got (recent meetings only)."""
        if self.now - when > 120 * DAY:
            return
        link = reverse("meeting-detail", args=[meeting.id])
        message = f"Agenda circulated for the MARAC meeting on {meeting.day.day} {meeting.day:%B %Y}: research due"
        read = ts(when + 3 * 3600) if meeting.status == "held" else NULL
        for agency in invited:
            for user in meeting.area.reps.get(agency, []):
                self.w["cases_notification"](
                    f"{self.next_id('cases_notification')}\t{message}\t{link}\t{ts(when)}\t{read}\t"
                    f"agenda-{meeting.id}-2\t{user}\n"
                )
