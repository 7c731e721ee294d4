"""The synthetic data of the outbox benchmark: users for the notices, and a world of areas, agencies,
representatives, cases and due actions for the reminders (Faker names, addresses under bench.invalid)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cases.models import Case
    from marac.models import Agency, MaracArea

AGENCIES = 25
REPS_PER_AGENCY_AND_AREA = 2
CASES_PER_AREA = 20
EMAIL_DOMAIN = "bench.invalid"  # reserved (RFC 2606): never anyone's address


def fake(seed: int) -> Any:
    from faker import Faker  # noqa: PLC0415

    faker = Faker("en_GB")
    faker.seed_instance(seed)
    return faker


def make_users(prefix: str, count: int, faker: Any, agency_ids: list[int | None] | None = None) -> list[int]:
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX  # noqa: PLC0415

    from marac.models import User  # noqa: PLC0415

    users = [
        User(
            email=f"{prefix}.{n}@{EMAIL_DOMAIN}",
            full_name=faker.name(),
            agency_id=agency_ids[n] if agency_ids else None,
            password=UNUSABLE_PASSWORD_PREFIX,  # an unusable password: these users never sign in
        )
        for n in range(count)
    ]
    return [u.pk for u in User.objects.bulk_create(users, batch_size=5000)]


@dataclass
class ReminderWorld:
    areas: int
    actions: int
    representatives: int


def make_reminder_world(reminders: int) -> ReminderWorld:
    """Areas, agencies, two representatives per agency and area, a coordinator per area, cases, and actions due
    today or overdue by up to 6 days (open or in progress), so that a sweep writes ``reminders`` reminders and no
    escalation (that starts at 7 days)."""
    from django.db import connection  # noqa: PLC0415

    faker = fake(reminders)
    rng = random.Random(reminders)
    areas = max(2, min(100, reminders // 1000))
    area_objects, agencies = _areas_and_agencies(faker, areas)
    reps, coordinators = _members(faker, area_objects, agencies)
    cases = _cases(faker, area_objects)
    count = reminders // REPS_PER_AGENCY_AND_AREA
    _actions(rng, count, cases, agencies, created_by=coordinators[0])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return ReminderWorld(areas=areas, actions=count, representatives=len(reps))


def _areas_and_agencies(faker: Any, areas: int) -> tuple[list[MaracArea], list[Agency]]:
    from marac.models import Agency, AgencyKind, MaracArea  # noqa: PLC0415

    area_objects = MaracArea.objects.bulk_create(
        MaracArea(name=f"{faker.unique.city()} MARAC", local_authority=faker.county(), code=f"OBX{n:03d}")
        for n in range(areas)
    )
    agency_kinds = list(AgencyKind.values)
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Outbox bench agency {n}", kind=agency_kinds[n % len(agency_kinds)]) for n in range(AGENCIES)
    )
    return area_objects, agencies


def _members(faker: Any, area_objects: list[MaracArea], agencies: list[Agency]) -> tuple[list[int], list[int]]:
    """``REPS_PER_AGENCY_AND_AREA`` representatives of every agency in every area, and a coordinator per area:
    their ids."""
    from marac.models import Membership, Role  # noqa: PLC0415

    reps_agency: list[int | None] = [
        agency.pk for _area in area_objects for agency in agencies for _ in range(REPS_PER_AGENCY_AND_AREA)
    ]
    reps = make_users("rep", len(reps_agency), faker, reps_agency)
    coordinators = make_users("coordinator", len(area_objects), faker)
    memberships = [
        Membership(
            user_id=user, area=area_objects[n // (AGENCIES * REPS_PER_AGENCY_AND_AREA)], role=Role.REPRESENTATIVE
        )
        for n, user in enumerate(reps)
    ]
    memberships += [
        Membership(user_id=user, area=area, role=Role.COORDINATOR)
        for user, area in zip(coordinators, area_objects, strict=True)
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    return reps, coordinators


def _cases(faker: Any, area_objects: list[MaracArea]) -> list[Case]:
    from cases.models import Case, Person  # noqa: PLC0415

    people = Person.objects.bulk_create(
        (
            Person(given_names=faker.first_name(), family_name=faker.last_name())
            for _ in range(len(area_objects) * CASES_PER_AREA)
        ),
        batch_size=5000,
    )
    return Case.objects.bulk_create(
        (
            Case(area=area_objects[n // CASES_PER_AREA], victim=person, reference=f"OBX-{n:06d}")
            for n, person in enumerate(people)
        ),
        batch_size=5000,
    )


def _actions(rng: random.Random, count: int, cases: list[Case], agencies: list[Agency], created_by: int) -> None:
    """``count`` actions on random cases, owned by random agencies, due today or overdue by up to 6 days."""
    from django.utils import timezone  # noqa: PLC0415

    from actions.models import Action, ActionFocus, ActionStatus  # noqa: PLC0415

    today = timezone.localdate()
    statuses = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
    focus = ActionFocus.values[0]

    def action() -> Action:
        case = cases[rng.randrange(len(cases))]
        return Action(
            case=case,
            area_id=case.area_id,
            owner_agency=agencies[rng.randrange(AGENCIES)],
            description="Synthetic action",
            focus=focus,
            due_date=today - timedelta(days=rng.randint(0, 6)),
            status=rng.choice(statuses),
            created_by_id=created_by,
        )

    Action.objects.bulk_create((action() for _ in range(count)), batch_size=5000)
