"""People, cases and referrals with their risk checklists (a part of ``Generator``)."""

from __future__ import annotations

import bisect
import time as clock
import uuid
from datetime import date, datetime

from cases.referrals.criteria import Thresholds, compute_criteria
from devdata.synthetic import text
from devdata.synthetic.checklists import ChecklistHistory
from devdata.synthetic.history import Case, Child, Item, Perpetrator, Referral
from devdata.synthetic.people import CHILD_PROTECTION, SAFE_TIMES, safe_phone
from devdata.synthetic.rows import DAY, DAYS, NULL, date_of, ts
from devdata.synthetic.world import AreaInfo
from marac.models import AgencyKind

EPOCH = date(1970, 1, 1)
CLOSED_AFTER_DAYS = 28  # a heard case's plan is complete four weeks on, for three in five of them

REFERRING_AGENCIES = [
    (AgencyKind.POLICE, 62),
    (AgencyKind.IDAA, 10),
    (AgencyKind.HEALTH, 8),
    (AgencyKind.CHILDREN_FAMILIES, 7),
    (AgencyKind.HOUSING, 5),
    (AgencyKind.MENTAL_HEALTH, 2),
    (AgencyKind.SUBSTANCE_USE, 2),
    (AgencyKind.JUSTICE, 2),
    (AgencyKind.EDUCATION, 1),
    (AgencyKind.ADULT_PROTECTION, 1),
]


class ReferralHistory(ChecklistHistory):
    """Writes people, cases, referrals, checklists and the people on referrals."""

    # -- people ------------------------------------------------------------------------------------
    def _name(self, gender: str) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(self.names.male if gender == "man" else self.names.female)
        return first, rng.choice(self.names.family)

    def _equality(self) -> tuple[str, str, str, str]:
        rng = self.rng
        r = rng.random()
        if r < 0.12:
            ethnicity, bame = "", ""
        elif r < 0.14:
            ethnicity, bame = "Prefer not to say", "prefer_not"
        else:
            values, cumulative = self.ethnicities
            ethnicity, bame = rng.choices(values, cum_weights=cumulative)[0]
        lgbt = rng.choices(["yes", "no", "prefer_not", ""], [3, 80, 3, 14])[0]
        disabled = rng.choices(["yes", "no", "prefer_not", ""], [12, 70, 2, 16])[0]
        return ethnicity, bame, lgbt, disabled

    def _person(
        self,
        area: AreaInfo,
        given: str,
        family: str,
        dob: int | None,
        gender: str,
        created: float,
        eq: tuple[str, ...],
    ) -> int:
        """A person, named in a case of ``area`` (serial perpetrators are reused
        only within their area, so one area is every person's area_ids)."""
        pid = self.next_id("cases_person")
        self.w["cases_person"](
            f"{pid}\t{given}\t{family}\t{DAYS[dob] if dob is not None else NULL}\t{gender}\t{eq[0]}\t{eq[1]}\t"
            f"{eq[2]}\t{eq[3]}\t{ts(created)}\t{{{area.id}}}\n"
        )
        return pid

    def _new_perpetrator(self, case: Case, created: float) -> Perpetrator:
        rng = self.rng
        area = case.area
        pool = self.perpetrator_pool.setdefault(area.id, [])
        relationship_values, cumulative = self.relationships
        relationship = rng.choices(relationship_values, cum_weights=cumulative)[0]
        if (
            pool
            and rng.random() < 0.07
            and (known := rng.choice(pool)).person not in {p.person for p in case.perpetrators}
        ):
            # A serial perpetrator: the same person harming another partner.
            return Perpetrator(known.person, known.given, known.family, known.dob, known.gender, known.aliases,
                               rng.choice(["Partner", "Ex-partner"]))  # fmt: skip
        gender = "woman" if relationship in ("Wife", "Ex-wife", "Mother", "Daughter") else "man"
        given, family = self._name(gender)
        victim_age = (created / DAY - case.victim_dob) / 365.25 if case.victim_dob is not None else 35
        if relationship in ("Son", "Grandson", "Daughter"):
            age = max(13.0, victim_age - rng.uniform(18, 35))
        elif relationship in ("Father", "Stepfather", "Mother"):
            age = victim_age + rng.uniform(20, 35)
        else:
            age = max(16.0, victim_age + rng.gauss(2, 5))
        dob = None if rng.random() < 0.04 else int(created / DAY - age * 365.25)
        eq = self._equality()
        pid = self._person(area, given, family, dob, gender, created, eq)
        aliases: list[tuple[str, str]] = []
        if rng.random() < 0.12:
            for _ in range(rng.choice([1, 1, 2])):
                alias = (given, rng.choice(self.names.family)) if rng.random() < 0.6 else (given[:3] + "y", family)
                aliases.append(alias)
                aid = self.next_id("cases_personalias")
                self.w["cases_personalias"](f"{aid}\t{alias[0]}\t{alias[1]}\tFrom a referral\t{pid}\n")
        perpetrator = Perpetrator(pid, given, family, dob, gender, aliases, relationship)
        pool.append(perpetrator)
        if len(pool) > 400:
            del pool[: len(pool) - 400]
        return perpetrator

    def _new_child(self, case: Case, created: float, family: str) -> Child:
        rng = self.rng
        gender = rng.choice(["woman", "man"])
        given, _ = self._name(gender)
        age = rng.uniform(0, 17.9)
        dob = int(created / DAY - age * 365.25)
        school = ""
        if age >= 3:
            kind = "Nursery" if age < 5 else ("Primary School" if age < 12 else "High School")
            school = f"{case.area.place} {kind}"
        relationship = ("Daughter" if gender == "woman" else "Son") if rng.random() < 0.8 else (
            "Stepdaughter" if gender == "woman" else "Stepson")  # fmt: skip
        pid = self._person(case.area, given, family, dob, gender, created, ("", "", "", ""))
        return Child(pid, dob, relationship, school, rng.choice(text.LIVES_WITH), given, family, gender)

    def _start_case(self, case: Case, ref: Referral) -> None:
        """The first referral's people: the victim, who caused harm, the children."""
        rng = self.rng
        created = ref.received
        gender = rng.choices(["woman", "man", "non_binary", "prefer_not", ""], [92, 6.3, 0.5, 0.2, 1])[0]
        given, family = self._name("man" if gender == "man" else "woman")
        age = rng.uniform(16, 17.99) if rng.random() < 0.015 else min(90.0, 18 + rng.triangular(0, 60, 10))
        case.victim_dob = None if rng.random() < 0.02 else int(created / DAY - age * 365.25)
        case.victim_given, case.victim_family, case.victim_gender = given, family, gender
        case.victim_equality = self._equality()
        case.victim = self._person(case.area, given, family, case.victim_dob, gender, created, case.victim_equality)
        case.perpetrators = [self._new_perpetrator(case, created)]
        if rng.random() < 0.05:
            case.perpetrators.append(self._new_perpetrator(case, created))
        n_children = rng.choices([0, 1, 2, 3, 4], [45, 25, 18, 8, 4])[0]
        case.children = [self._new_child(case, created, family) for _ in range(n_children)]
        if rng.random() < 0.05:
            hg = rng.choice(["woman", "man"])
            hgiven, hfamily = self._name(hg)
            case.household = [self._person(case.area, hgiven, hfamily, None, hg, created, ("", "", "", ""))]
        if rng.random() < 0.06:
            case.interpreter = True
            case.language = rng.choice(text.LANGUAGES)
        area = case.area
        year = datetime.fromtimestamp(created, self.zone).year
        number = self.counters.get((area.id, year), 0) + 1
        self.counters[(area.id, year)] = number
        case.id = self.next_id("cases_case")
        case.reference = f"{area.code}-{year}-{number:04d}"
        self._party(case, "victim", case.victim, "", "", "")
        for p in case.perpetrators:
            self._party(case, "perpetrator", p.person, p.relationship, "", "")
        for c in case.children:
            self._party(case, "child", c.person, c.relationship, c.school, c.lives_with)
        for h in case.household:
            self._party(case, "household", h, "Lodger", "", "")

    def _party(self, case: Case, role: str, person: int, relationship: str, school: str, lives_with: str) -> None:
        pid = self.next_id("cases_caseparty")
        self.w["cases_caseparty"](f"{pid}\t{role}\t{relationship}\t{school}\t{lives_with}\t{case.id}\t{person}\n")

    # -- 3. referrals ---------------------------------------------------------------------------------------
    def emit_referrals(self, events: list[Referral]) -> None:
        rng = self.rng
        write = self.w["cases_referral"]
        kinds, cumulative = self.referral_kinds
        total = len(events)
        started = clock.monotonic()
        for index, ref in enumerate(events):
            case = ref.case
            area = case.area
            self._grow_case(case, ref)
            ref.id = self.next_id("cases_referral")
            kind = rng.choices(kinds, cum_weights=cumulative)[0]
            agency = area.agencies.get(kind, area.agencies[AgencyKind.POLICE])
            ref.agency = agency
            drafter = rng.choice(area.referrers(agency))
            sender = rng.choice(area.reps.get(agency) or [drafter])
            received = ref.status == "received"
            previous = [
                r for r in case.referrals if r.received <= ref.created and r is not ref and r.status == "received"
            ]
            # Repeat: within 12 months of the last referral (cases.criteria).
            is_repeat = bool(previous) and ref.created - previous[-1].submitted <= 365 * DAY and ref.is_repeat
            ref.is_repeat = is_repeat
            threshold = area.thresholds[0]
            score = self._score(threshold)
            callouts = None if rng.random() < 0.2 else min(12, int(rng.expovariate(0.45)))
            pj = score < threshold and rng.random() < 0.75
            rationale = rng.choice(text.PROFESSIONAL_JUDGEMENT) if pj else ""
            reasons = self._reasons(
                area, score=score, callouts=callouts, pj=pj, rationale=rationale, is_repeat=is_repeat
            )
            consent = rng.choices(["given", "refused", "not_sought"], [58, 14, 28])[0]
            consent_note = rng.choice(text.CONSENT_NOTES[consent]) if consent != "given" else ""
            risks = rng.choice(text.RISKS_TO_PROFESSIONALS) if rng.random() < 0.2 else ""
            incident = date_of(ref.created - rng.uniform(0, 6) * DAY)
            submitted = ref.submitted <= self.now
            updated = ref.received if received else ref.submitted if submitted else ref.created
            write(
                f"{ref.id}\t{uuid.UUID(int=rng.getrandbits(128), version=4)}\t{ref.status}\t"
                f"{safe_phone(rng)}\t{incident}\t{callouts if callouts is not None else NULL}\t{consent}\t"
                f"{consent_note}\t{rng.choice(text.REFERRAL_REASONS)}\t{rng.choice(text.STRENGTHS)}\t{risks}\t"
                f"{'t' if pj else 'f'}\t{rationale}\t{score}\t{reasons}\t{'t' if is_repeat else 'f'}\t\t\t"
                f"{ts(ref.created)}\t{ts(updated)}\t"
                f"{ts(ref.submitted) if submitted else NULL}\t{ts(ref.received) if received else NULL}\t"
                f"{3 if received else 2}\t{area.id}\t{case.id if received else NULL}\t{drafter}\t"
                f"{area.coordinator if received else NULL}\t{agency}\t"
                f"{case.id if is_repeat else NULL}\t{sender if submitted else NULL}\n"
            )
            self._checklist(ref.id, area, score, bool(case.children), ref.created)
            self._referral_people(ref.id, case, linked=received)
            if received:
                self._list(case, ref)
            if index % 200_000 == 0 and index:
                rate = index / (clock.monotonic() - started)
                self.progress(f"  referrals: {index:,} of {total:,} ({rate:,.0f} a second)")

    def _grow_case(self, case: Case, ref: Referral) -> None:
        """A case's first referral names its people; now and then a later one names a new child."""
        if case.id == 0:
            self._start_case(case, ref)
        elif self.rng.random() < 0.04:
            # A new baby, or a child not named on the first referral.
            child = self._new_child(case, ref.created, case.victim_family)
            case.children.append(child)
            self._party(case, "child", child.person, child.relationship, child.school, child.lives_with)

    def _reasons(
        self,
        area: AreaInfo,
        *,
        score: int,
        callouts: int | None,
        pj: bool,
        rationale: str,
        is_repeat: bool,
    ) -> str:
        """The referral's reasons as ``cases.criteria`` computes them (a PostgreSQL array literal)."""
        key = (score, callouts, pj, is_repeat, area.thresholds)
        reasons = self.reasons_cache.get(key)
        if reasons is None:
            criteria = compute_criteria(
                score=score, callouts=callouts, professional_judgement=pj, rationale=rationale,
                is_repeat=is_repeat, thresholds=Thresholds(*area.thresholds),
            )  # fmt: skip
            reasons = "{" + ",".join(r.value for r in criteria.sorted_reasons) + "}"
            self.reasons_cache[key] = reasons
        return reasons

    def _referral_people(self, referral_id: int, case: Case, *, linked: bool) -> None:
        rng = self.rng
        write = self.w["cases_referralperson"]
        address, postcode = self.addresses.pick(rng)
        eq = case.victim_equality
        dob = DAYS[case.victim_dob] if case.victim_dob is not None else NULL
        rid = self.next_id("cases_referralperson")
        write(
            f"{rid}\tvictim\t{case.victim_given}\t{case.victim_family}\t{{}}\t{dob}\t{NULL}\t{case.victim_gender}"
            f"\t\t\t\t\t{address}\t{postcode}\t{safe_phone(rng)}\t{rng.choice(SAFE_TIMES)}\t"
            f"{rng.choice(['yes', 'no'])}\t{case.language}\t{'t' if case.interpreter else 'f'}\t"
            f"{eq[0]}\t{eq[1]}\t{eq[2]}\t{eq[3]}\t0\t{case.victim if linked else NULL}\t{referral_id}\n"
        )
        for position, p in enumerate(case.perpetrators):
            aliases = "{" + ",".join(f'"{g} {f}"' for g, f in p.aliases) + "}"
            pdob = DAYS[p.dob] if p.dob is not None else NULL
            rid = self.next_id("cases_referralperson")
            write(
                f"{rid}\tperpetrator\t{p.given}\t{p.family}\t{aliases}\t{pdob}\t{NULL}\t{p.gender}\t{p.relationship}"
                f"\t\t\t\t\t\t\t\t\t\tf\t\t\t\t\t{position}\t{p.person if linked else NULL}\t{referral_id}\n"
            )
        for position, c in enumerate(case.children):
            rid = self.next_id("cases_referralperson")
            write(
                f"{rid}\tchild\t{c.given}\t{c.family}\t{{}}\t{DAYS[c.dob]}\t{NULL}\t{c.gender}\t{c.relationship}\t"
                f"{c.school}\t{c.lives_with}\t{rng.choice(CHILD_PROTECTION)}\t\t\t\t\t\t\tf\t\t\t\t\t{position}\t"
                f"{c.person if linked else NULL}\t{referral_id}\n"
            )

    def _list(self, case: Case, ref: Referral) -> None:
        """``agenda_place_case``: the next meeting whose deadline it can meet."""
        if case.last_item is not None and case.last_item.meeting.start > ref.received:
            # Already on a meeting not yet held: this referral is heard there.
            case.last_item.referrals.append(ref)
            return
        meetings = self.meetings[case.area.id]
        index = bisect.bisect_left(self.deadlines[case.area.id], ref.received)
        cap = case.area.agenda_cap
        while index < len(meetings) and cap is not None and len(meetings[index].items) >= cap:
            index += 1
        if index >= len(meetings):
            return
        meeting = meetings[index]
        item = Item(case=case, meeting=meeting, referrals=[ref])
        meeting.items.append(item)
        if case.last_item is not None and case.last_item.meeting.day < self.today:
            case.heard_on = case.last_item.meeting.day
        case.last_item = item

    # -- pending referrals (no case yet) --------------------------------------------------------------------
    def emit_pending(self) -> None:
        rng = self.rng
        for area in self.world.areas:
            for status in ["draft", "draft", "ready_for_check", "submitted", "submitted", "returned"]:
                case = Case(area)
                created = self.now - rng.uniform(0.2, 6) * DAY
                case.victim_gender = "woman"
                case.victim_given, case.victim_family = self._name("woman")
                case.victim_dob = int(created / DAY - rng.uniform(18, 60) * 365.25)
                case.victim_equality = self._equality()
                case.victim = 0
                given, family = self._name("man")
                case.perpetrators = [Perpetrator(0, given, family, None, "man", [], "Ex-partner")]
                case.children = []
                agency = area.agencies[AgencyKind.POLICE]
                drafter = rng.choice(area.referrers(agency))
                sent = status in ("submitted", "returned")
                score = self._score(area.thresholds[0])
                rid = self.next_id("cases_referral")
                reasons = "{visible_high_risk}" if score >= area.thresholds[0] else "{}"
                self.w["cases_referral"](
                    f"{rid}\t{uuid.UUID(int=rng.getrandbits(128), version=4)}\t{status}\t{safe_phone(rng)}\t"
                    f"{date_of(created)}\t{NULL}\tgiven\t\t{rng.choice(text.REFERRAL_REASONS)}\t"
                    f"{rng.choice(text.STRENGTHS)}\t\tf\t\t{score}\t{reasons}\tf\t"
                    f"{'The checklist answers are missing; please add them.' if status == 'returned' else ''}\t\t"
                    f"{ts(created)}\t{ts(created + 3600)}\t{ts(created + 1800) if sent else NULL}\t{NULL}\t2\t"
                    f"{area.id}\t{NULL}\t{drafter}\t{NULL}\t{agency}\t{NULL}\t"
                    f"{rng.choice(area.reps[agency]) if sent else NULL}\n"
                )
                self._checklist(rid, area, score, False, created)
                # Nobody is linked before receipt: ReferralPerson.person stays empty.
                self._referral_people(rid, case, linked=False)

    def _case_status(self, case: Case) -> str:
        """Heard if its last agenda's meeting is past (a meeting with cases is held), listed if it is
        ahead, referred if it was never listed: what the services would have made it."""
        if case.last_item is None:
            return "referred"
        return "heard" if case.last_item.meeting.day < self.today else "listed"

    def _closed_at(self, case: Case, heard_on: date | None) -> float | None:
        """Three in five cases heard more than four weeks ago were closed by the coordinator four weeks
        after their hearing (plan complete): the case list, and the agencies' access that ends, need them."""
        if heard_on is None or case.id % 5 >= 3 or (self.today - heard_on).days <= CLOSED_AFTER_DAYS:
            return None
        return ((heard_on - EPOCH).days + CLOSED_AFTER_DAYS) * DAY + 10 * 3600

    # -- 5. counters and cases ----------------------------------------------------------------------------
    def emit_cases(self, events: list[Referral]) -> None:
        """Case rows, once each case's last activity is known."""
        write = self.w["cases_case"]
        seen: set[int] = set()
        rows = []
        for ref in events:
            case = ref.case
            if case.id and case.id not in seen:
                seen.add(case.id)
                first = case.referrals[0].received
                last = max(r.received for r in case.referrals if r.status == "received")
                status = self._case_status(case)
                heard_on = case.last_item.meeting.day if status == "heard" and case.last_item else case.heard_on
                closed_at = self._closed_at(case, heard_on) if status == "heard" else None
                line = (
                    f"{case.id}\t{case.reference}\t{'closed' if closed_at else status}\t{ts(first)}\t"
                    f"{ts(max(last, closed_at or 0))}\t{len(case.referrals) + (1 if closed_at else 0)}\t"
                    f"{case.area.id}\t{case.victim}\t{ts(closed_at) if closed_at else NULL}\t"
                    f"{heard_on.isoformat() if heard_on else NULL}\n"
                )
                rows.append((case.id, line, status, last, closed_at, case.area.coordinator))
        rows.sort()
        history = self.w["cases_casestatuschange"]
        for case_id, line, status, last, closed_at, coordinator in rows:
            write(line)
            # One history row, as migration cases 0012 records for existing cases (the meetings' ids are
            # not known yet here): referred -> the status its agenda items give it.
            history(
                f"{self.next_id('cases_casestatuschange')}\treferred\t{status}\tmigration\t\t{ts(last)}\t"
                f"{case_id}\t{NULL}\t{NULL}\t{NULL}\n"
            )
            if closed_at:
                # ... then closed by the area's coordinator, as "Close this case" records it.
                history(
                    f"{self.next_id('cases_casestatuschange')}\theard\tclosed\tplan_complete\t\t{ts(closed_at)}\t"
                    f"{case_id}\t{coordinator or NULL}\t{NULL}\t{NULL}\n"
                )
        for (area_id, year), number in sorted(self.counters.items()):
            write_counter = self.w["cases_casereferencecounter"]
            write_counter(f"{self.next_id('cases_casereferencecounter')}\t{year}\t{number}\t{area_id}\n")
