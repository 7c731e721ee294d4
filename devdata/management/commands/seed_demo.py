"""Create demo data: two MARAC areas, the usual agencies, a user for every
role, and synthetic people and cases. Everything is made up (Faker).

Runs once: a second run finds the demo areas and changes nothing, so
``make run`` can call it every time. Refuses to run unless MARAC_DEMO=1.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker

from cases.grants import services as grant_services
from cases.models import Case, Gender, GrantKind, PartyRole, Referral, YesNoPreferNot
from cases.referrals.api import referral_create_from_data
from cases.referrals.checklists.consistency import BABY_MONTHS, months_before
from cases.referrals.receive import referral_receive
from devdata.demo_statuses import hear_and_close
from marac.models import Agency, AgencyKind, ChecklistChoice, MaracArea, MeetingPattern, Membership, Role, User

DEMO_PASSWORD = "demo-marac-2026"  # noqa: S105 - printed for the demo profile only

AREAS = [
    {
        "name": "Kelvinside and Clyde MARAC",
        "local_authority": "Clyde Valley Council (fictional)",
        "code": "KCL",
        "meeting_pattern": MeetingPattern.FORTNIGHTLY,
        "adult_female_population": 118_000,
        "checklist": ChecklistChoice.DAQ,
    },
    {
        "name": "Fernbrae MARAC",
        "local_authority": "Fernbrae Council (fictional)",
        "code": "FRN",
        "meeting_pattern": MeetingPattern.MONTHLY,
        "adult_female_population": 41_500,
        "checklist": ChecklistChoice.DAQ,
        "visible_high_risk_threshold": 14,
    },
]

AGENCIES = [
    ("Police Scotland (demo division)", AgencyKind.POLICE, ""),
    ("Clyde Valley IDAA Service", AgencyKind.IDAA, ""),
    ("Children and Families Social Work", AgencyKind.CHILDREN_FAMILIES, ""),
    ("Housing Services", AgencyKind.HOUSING, ""),
    ("NHS Health Board (demo)", AgencyKind.HEALTH, ""),
    ("Community Mental Health Team", AgencyKind.MENTAL_HEALTH, ""),
    ("Alcohol and Drug Recovery Service", AgencyKind.SUBSTANCE_USE, ""),
    ("Education Services", AgencyKind.EDUCATION, ""),
    ("Justice Social Work", AgencyKind.JUSTICE, ""),
    ("Adult Support and Protection", AgencyKind.ADULT_PROTECTION, ""),
    ("Amina Women's Project (demo)", AgencyKind.SPECIALIST, "Black and minoritised women"),
    ("LGBT+ Domestic Abuse Project (demo)", AgencyKind.SPECIALIST, "LGBT+ survivors"),
    ("MARAC Coordination Team", AgencyKind.MARAC, ""),
]

# (role, agency kind, email local part) for each area.
USERS = [
    (Role.COORDINATOR, AgencyKind.MARAC, "coordinator"),
    (Role.CHAIR, AgencyKind.POLICE, "chair"),
    (Role.REPRESENTATIVE, AgencyKind.POLICE, "police"),
    (Role.REPRESENTATIVE, AgencyKind.CHILDREN_FAMILIES, "socialwork"),
    (Role.REPRESENTATIVE, AgencyKind.HOUSING, "housing"),
    (Role.PRACTITIONER, AgencyKind.HOUSING, "housing.officer"),
    (Role.REPRESENTATIVE, AgencyKind.HEALTH, "health"),
    (Role.IDAA, AgencyKind.IDAA, "idaa"),
    (Role.REPRESENTATIVE, AgencyKind.IDAA, "idaa.manager"),
    (Role.GOVERNANCE, AgencyKind.OTHER, "governance"),
]

REASONS = [
    "He strangled her during the latest incident and has threatened to kill her if she leaves.",
    "Escalating controlling behaviour: he tracks her phone, takes her wages and stops her seeing family.",
    "He broke into her flat after she ended the relationship and damaged her belongings.",
    "Repeated stalking at her workplace and the children's school since separation.",
]
STRENGTHS = [
    "She keeps a safe phone, has told a trusted neighbour, and arranged safe childcare with her sister.",
    "She called the police during the incident and has kept the children's routine going at school.",
    "She has sought help from her GP and the IDAA service and plans her journeys to avoid him.",
]

RELATIONSHIPS = ["Partner", "Ex-partner", "Husband", "Ex-husband", "Wife", "Son", "Brother", "Father"]


class Command(BaseCommand):
    help = "Create synthetic demo data (MARAC_DEMO=1 only). Safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cases", type=int, default=24, help="Synthetic cases per area (default 24)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for repeatable data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.MARAC_DEMO:
            raise CommandError("seed_demo creates demo accounts with a published password: set MARAC_DEMO=1.")
        if MaracArea.objects.filter(code__in=[a["code"] for a in AREAS]).exists():
            self.stdout.write("Demo data already present; nothing changed.")
            self._print_logins()
            return
        fake = Faker("en_GB")
        fake.seed_instance(options["seed"])
        rng = random.Random(options["seed"])
        with transaction.atomic():
            agencies = self._agencies()
            areas = [self._area(spec, agencies) for spec in AREAS]
            self._users(areas, agencies)
            for area in areas:
                self._cases(area, options["cases"], fake, rng)
        self.stdout.write(self.style.SUCCESS("Demo data created."))
        self._print_logins()

    def _agencies(self) -> dict[str, Agency]:
        by_kind: dict[str, Agency] = {}
        for name, kind, specialism in AGENCIES:
            agency, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind, "specialism": specialism})
            by_kind.setdefault(kind, agency)
        by_kind.setdefault(
            AgencyKind.OTHER,
            Agency.objects.get_or_create(
                name="Violence Against Women Partnership", defaults={"kind": AgencyKind.OTHER}
            )[0],
        )
        return by_kind

    def _area(self, spec: dict[str, Any], agencies: dict[str, Agency]) -> MaracArea:
        area = MaracArea(**spec)
        area.full_clean()
        area.save()
        core = [a for kind, a in agencies.items() if kind not in (AgencyKind.OTHER, AgencyKind.SPECIALIST)]
        area.core_agencies.set(core)
        return area

    def _users(self, areas: list[MaracArea], agencies: dict[str, Agency]) -> None:
        for area in areas:
            for role, kind, local in USERS:
                email = f"{local}.{area.code.lower()}@demo.marac.invalid"
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=f"Demo {role.label} ({area.code})",
                    agency=agencies[kind],
                    is_demo=True,
                )
                Membership.objects.create(user=user, area=area, role=role)
        admin = User.objects.create_superuser(
            email="admin@demo.marac.invalid",
            password=DEMO_PASSWORD,
            full_name="Demo System Administrator",
            agency=agencies[AgencyKind.MARAC],
            is_demo=True,
        )
        for area in areas:
            Membership.objects.create(user=admin, area=area, role=Role.ADMINISTRATOR)

    def _person_data(self, fake: Faker, rng: random.Random, *, gender: str, age: tuple[int, int]) -> dict[str, Any]:
        female = gender == Gender.WOMAN
        return {
            "given_names": fake.first_name_female() if female else fake.first_name_male(),
            "family_name": fake.last_name(),
            "date_of_birth": fake.date_of_birth(minimum_age=age[0], maximum_age=age[1]),
            "gender": gender,
        }

    def _victim_data(self, fake: Faker, rng: random.Random) -> dict[str, Any]:
        gender = Gender.WOMAN if rng.random() < 0.93 else Gender.MAN
        return {
            **self._person_data(fake, rng, gender=gender, age=(16, 75)),
            "address": f"{fake.building_number()} {fake.street_name()} (fictional)",
            "postcode": "ZZ9 9ZZ",
            "safe_phone": "07700 900" + f"{rng.randint(0, 999):03d}",
            "safe_times": rng.choice(["Weekday mornings", "After 3pm", "Only via the IDAA"]),
            "may_leave_message": rng.choice(["yes", "no"]),
            "preferred_language": rng.choice(["English", "English", "English", "Polish", "Urdu", "Arabic"]),
            "black_or_minoritised": rng.choice(list(YesNoPreferNot.values)),
            "lgbt": rng.choice(list(YesNoPreferNot.values)),
            "disabled": rng.choice(list(YesNoPreferNot.values)),
        }

    def _referral_data(
        self,
        area: MaracArea,
        fake: Faker,
        rng: random.Random,
        *,
        victim: dict[str, Any],
        perpetrator: dict[str, Any],
        incident: Any,
    ) -> dict[str, Any]:
        yes = rng.randint(6, 20)
        callouts = rng.choice([0, 1, 2, 3, 4])
        below = yes < area.visible_high_risk_threshold and callouts < area.escalation_callouts
        consent = rng.choice(["given", "given", "refused", "not_sought"])
        household = [
            {
                "role": PartyRole.CHILD,
                **self._person_data(fake, rng, gender=rng.choice([Gender.WOMAN, Gender.MAN]), age=(0, 15)),
                "school": f"{fake.city()} Primary School (fictional)",
                "lives_with": "Mother",
                "relationship_to_victim": "Child",
            }
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))
        ]
        return {
            "area": area.code,
            "submit": True,
            "referrer_phone": "01632 960" + f"{rng.randint(0, 999):03d}",
            "incident_date": incident,
            "police_callouts": callouts,
            "consent": consent,
            "consent_note": "" if consent == "given" else "High risk: referred without consent, as guidance allows.",
            "reason": rng.choice(REASONS),
            "strengths": rng.choice(STRENGTHS),
            "risks_to_professionals": rng.choice(["", "", "Has threatened social workers in the past."]),
            "professional_judgement": below,
            "professional_judgement_rationale": "Escalating controlling behaviour since separation." if below else "",
            "victim": victim,
            "perpetrators": [perpetrator],
            "household": household,
            "checklist": {
                "answers": self._answers(yes, household, rng),
                "sources": {},
                "notes": {},
                "completed_elsewhere": False,
                "recorded_score": None,
            },
        }

    @staticmethod
    def _answers(yes: int, household: list[dict[str, Any]], rng: random.Random) -> dict[str, str]:
        answers = {f"q{i}": ("yes" if i <= yes else rng.choice(["no", "dont_know"])) for i in range(1, 25)}
        # A baby born in the last 18 months is listed: the pregnancy question says so (the service requires it).
        since = months_before(timezone.localdate(), BABY_MONTHS)
        if any(child.get("date_of_birth") and child["date_of_birth"] >= since for child in household):
            answers["q9"] = "yes"
        return answers

    def _cases(self, area: MaracArea, count: int, fake: Faker, rng: random.Random) -> None:
        """Referrals made and received through the same services the pages use."""
        referrer = User.objects.get(email=f"police.{area.code.lower()}@demo.marac.invalid")
        coordinator = User.objects.get(email=f"coordinator.{area.code.lower()}@demo.marac.invalid")
        # A few people causing harm appear in more than one case, with aliases:
        # seeing the pattern across partners is what protects new partners.
        repeat_perpetrators = []
        for _ in range(max(1, count // 8)):
            person = self._person_data(fake, rng, gender=Gender.MAN, age=(22, 60))
            person["aliases"] = [f"{fake.first_name_male()} {person['family_name']}"]
            repeat_perpetrators.append(person)
        today = timezone.localdate()
        first_referrals = []
        earlier: list[Case] = []
        for number in range(1, count + 1):
            if number <= 2 * len(repeat_perpetrators):
                perpetrator = dict(repeat_perpetrators[(number - 1) // 2])
            elif rng.random() < 0.3:
                perpetrator = dict(rng.choice(repeat_perpetrators))
            else:
                perpetrator = self._person_data(fake, rng, gender=Gender.MAN, age=(18, 65))
            perpetrator["relationship_to_victim"] = rng.choice(RELATIONSHIPS)
            sent = today - timedelta(days=330 - number * (300 // max(count, 1)))
            victim = self._victim_data(fake, rng)
            data = self._referral_data(area, fake, rng, victim=victim, perpetrator=perpetrator, incident=sent)
            referral = referral_create_from_data(user=referrer, data=data)
            case = referral_receive(user=coordinator, referral=referral)
            self._backdate(referral.pk, case.pk, sent)
            self._name_workers(area, case, number)
            first_referrals.append((victim, perpetrator, sent))
            if sent < today - timedelta(days=60):
                earlier.append(case)
        # Statuses by the services: the older cases heard three weeks ago (some then closed); the rest
        # stay listed for the next meeting. The repeats below re-open their cases.
        hear_and_close(area=area, coordinator=coordinator, cases=earlier)
        # Two repeats: a further incident between the same people within 12 months.
        for victim, perpetrator, sent in first_referrals[:2]:
            again = min(sent + timedelta(days=45), today)
            data = self._referral_data(area, fake, rng, victim=victim, perpetrator=perpetrator, incident=again)
            referral = referral_create_from_data(user=referrer, data=data)
            case = referral_receive(user=coordinator, referral=referral)
            self._backdate(referral.pk, None, again)
        # Waiting for the coordinator: two new referrals sent this week.
        for _ in range(2):
            perpetrator = {
                **self._person_data(fake, rng, gender=Gender.MAN, age=(18, 65)),
                "relationship_to_victim": "Ex-partner",
            }
            data = self._referral_data(
                area, fake, rng, victim=self._victim_data(fake, rng), perpetrator=perpetrator, incident=today
            )
            referral_create_from_data(user=referrer, data=data)

    @staticmethod
    def _name_workers(area: MaracArea, case: Case, number: int) -> None:
        """The demo IDAA is allocated to every third case and the housing officer is keyworker on every
        fifth, named by the coordinator through the service (before the case is on an agenda, the
        agencies' representatives do not see it yet)."""
        code = area.code.lower()
        coordinator = User.objects.get(email=f"coordinator.{code}@demo.marac.invalid")
        if number % 3 == 1:
            grant_services.name_worker(
                actor=coordinator,
                case=case,
                worker=User.objects.get(email=f"idaa.{code}@demo.marac.invalid"),
                kind=GrantKind.IDAA,
            )
        if number % 5 == 1:
            grant_services.name_worker(
                actor=coordinator,
                case=case,
                worker=User.objects.get(email=f"housing.officer.{code}@demo.marac.invalid"),
                kind=GrantKind.KEYWORKER,
            )

    @staticmethod
    def _backdate(referral_id: int, case_id: int | None, day: Any) -> None:
        moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
        Referral.objects.filter(pk=referral_id).update(created_at=moment, submitted_at=moment, received_at=moment)
        if case_id is not None:
            Case.objects.filter(pk=case_id).update(created_at=moment)

    def _print_logins(self) -> None:
        users = User.objects.filter(is_demo=True).prefetch_related("memberships__area").order_by("email")
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}; no second factor while MARAC_DEMO=1):")
        for user in users:
            roles = ", ".join(sorted({m.get_role_display() for m in user.memberships.all()}))
            self.stdout.write(f"  {user.email:<42} {roles}")
