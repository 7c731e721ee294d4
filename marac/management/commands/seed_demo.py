"""Create demo data: two MARAC areas, the usual agencies, a user for every
role, and synthetic people and cases. Everything is made up (Faker).

Runs once: a second run finds the demo areas and changes nothing, so
``make run`` can call it every time. Refuses to run unless MARAC_DEMO=1.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker

from cases.models import Case, CaseParty, CaseStatus, Gender, PartyRole, Person, PersonAlias, YesNoPreferNot
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
    (Role.GOVERNANCE, AgencyKind.OTHER, "governance"),
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

    def _person(self, fake: Faker, rng: random.Random, *, gender: str, age: tuple[int, int]) -> Person:
        female = gender == Gender.WOMAN
        return Person.objects.create(
            given_names=fake.first_name_female() if female else fake.first_name_male(),
            family_name=fake.last_name(),
            date_of_birth=fake.date_of_birth(minimum_age=age[0], maximum_age=age[1]),
            gender=gender,
            black_or_minoritised=rng.choice(list(YesNoPreferNot.values)),
            lgbt=rng.choice(list(YesNoPreferNot.values)),
            disabled=rng.choice(list(YesNoPreferNot.values)),
        )

    def _cases(self, area: MaracArea, count: int, fake: Faker, rng: random.Random) -> None:
        # A few people causing harm appear in more than one case, with aliases:
        # seeing the pattern across partners is what protects new partners.
        repeat_perpetrators: list[Person] = []
        for _ in range(max(1, count // 8)):
            person = self._person(fake, rng, gender=Gender.MAN, age=(22, 60))
            PersonAlias.objects.create(
                person=person,
                given_names=fake.first_name_male(),
                family_name=person.family_name,
                note="Used on social media",
            )
            repeat_perpetrators.append(person)
        now = timezone.now()
        for number in range(1, count + 1):
            victim_gender = Gender.WOMAN if rng.random() < 0.93 else Gender.MAN
            victim = self._person(fake, rng, gender=victim_gender, age=(16, 75))
            created = now - timedelta(days=rng.randint(0, 330))
            case = Case.objects.create(
                area=area,
                reference=f"{area.code}-{created:%y}-{number:05d}",
                victim=victim,
                status=rng.choice([CaseStatus.REFERRED, CaseStatus.LISTED, CaseStatus.HEARD, CaseStatus.HEARD]),
            )
            Case.objects.filter(pk=case.pk).update(created_at=created)
            CaseParty.objects.create(case=case, person=victim, role=PartyRole.VICTIM)
            if number <= 2 * len(repeat_perpetrators):
                # Each repeat perpetrator is linked to at least two cases.
                perpetrator = repeat_perpetrators[(number - 1) // 2]
            elif repeat_perpetrators and rng.random() < 0.3:
                perpetrator = rng.choice(repeat_perpetrators)
            else:
                perp_gender = Gender.MAN if victim_gender == Gender.WOMAN else rng.choice([Gender.WOMAN, Gender.MAN])
                perpetrator = self._person(fake, rng, gender=perp_gender, age=(18, 65))
            CaseParty.objects.get_or_create(
                case=case,
                person=perpetrator,
                role=PartyRole.PERPETRATOR,
                defaults={"relationship_to_victim": rng.choice(RELATIONSHIPS)},
            )
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                child = self._person(fake, rng, gender=rng.choice([Gender.WOMAN, Gender.MAN]), age=(0, 15))
                CaseParty.objects.create(
                    case=case,
                    person=child,
                    role=PartyRole.CHILD,
                    school=f"{fake.city()} Primary School (fictional)",
                    lives_with="Mother",
                )

    def _print_logins(self) -> None:
        users = User.objects.filter(is_demo=True).prefetch_related("memberships__area").order_by("email")
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}; no second factor while MARAC_DEMO=1):")
        for user in users:
            roles = ", ".join(sorted({m.get_role_display() for m in user.memberships.all()}))
            self.stdout.write(f"  {user.email:<42} {roles}")
