"""The labelled set on a real PostgreSQL, through the real matching (the database stage and the scorer).

``load`` files each pair's record on a case of its own in one MARAC area (in the role recorded), with a
coordinator; ``measure`` asks ``candidates_for_coordinator`` about every described person, a referral's worth
at a time, and counts what is offered at the offered threshold.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.matching.pairs import Pair
    from marac.models import MaracArea, User

PEOPLE_PER_REFERRAL = 5  # people matched at once, as on the coordinator's page
EMAIL = "matching.coordinator@bench.invalid"  # reserved (RFC 2606): never anyone's address


@dataclass
class Loaded:
    coordinator: User
    area: MaracArea
    record_ids: list[int]  # each pair's record, in the order of the pairs


@dataclass
class Figures:
    pairs: int = 0
    true_pairs: int = 0
    found: int = 0  # true pairs whose record was offered
    false_offers: int = 0  # records offered that are not the described person
    missed: Counter[str] = field(default_factory=Counter)  # true pairs not offered, by kind
    wrong: Counter[str] = field(default_factory=Counter)  # false offers, by the kind of pair asked about
    milliseconds: list[float] = field(default_factory=list)  # each referral's matching

    @property
    def precision(self) -> float:
        offered = self.found + self.false_offers
        return self.found / offered if offered else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.true_pairs if self.true_pairs else 1.0


def load(pairs: list[Pair], *, code: str = "MTC") -> Loaded:
    """Each pair's record on a case of its own (with a victim of another family unless it is the victim)."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from cases.models import Case, CaseParty, PartyRole, Person, PersonAlias  # noqa: PLC0415
    from marac.models import MaracArea, Membership, Role, User  # noqa: PLC0415

    area = MaracArea.objects.create(name=f"Matching benchmark {code} MARAC", local_authority="Synthetic", code=code)
    coordinator = User.objects.create(email=EMAIL.replace("@", f".{code.lower()}@"), full_name="Bench Coordinator")
    coordinator.password = UNUSABLE_PASSWORD_PREFIX
    coordinator.save(update_fields=["password"])
    Membership.objects.create(user=coordinator, area=area, role=Role.COORDINATOR)
    ids = []
    for n, pair in enumerate(pairs):
        known = pair.record
        person = Person.objects.create(
            given_names=known.given_names, family_name=known.family_name, date_of_birth=known.date_of_birth
        )
        PersonAlias.objects.bulk_create(
            PersonAlias(person=person, given_names=given, family_name=family) for given, family in known.aliases
        )
        (role,) = known.roles
        victim = person if role == PartyRole.VICTIM else Person.objects.create(**_victim(n))
        case = Case.objects.create(area=area, victim=victim, reference=f"{code}-{n:05d}")
        CaseParty.objects.create(case=case, person=victim, role=PartyRole.VICTIM)
        if victim != person:
            CaseParty.objects.create(case=case, person=person, role=role)
        for relative in pair.relatives:
            kin = Person.objects.create(
                given_names=relative.given_names,
                family_name=relative.family_name,
                date_of_birth=relative.date_of_birth,
            )
            CaseParty.objects.create(case=case, person=kin, role=next(iter(relative.roles)))
        ids.append(person.pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # plans as on a database in use, not on empty tables' guesses
    return Loaded(coordinator, area, ids)


def _victim(n: int) -> dict[str, Any]:
    """The victim of a case holding a perpetrator's or a child's record: a name no pair is described by."""
    letters = "".join(chr(ord("a") + int(d)) for d in f"{n:04d}")
    return {"given_names": "Testvictim", "family_name": f"Zzbench{letters}"}


def measure(pairs: list[Pair], loaded: Loaded) -> Figures:
    """What the real matching offers for each described person, counted against the labels."""
    from cases.people.matching import candidates_for_coordinator  # noqa: PLC0415

    figures = Figures(pairs=len(pairs), true_pairs=sum(pair.same for pair in pairs))
    for start in range(0, len(pairs), PEOPLE_PER_REFERRAL):
        batch = pairs[start : start + PEOPLE_PER_REFERRAL]
        began = time.perf_counter()
        offered = candidates_for_coordinator(
            loaded.coordinator, loaded.area.pk, [pair.described for pair in batch], limit=5
        )
        figures.milliseconds.append((time.perf_counter() - began) * 1000)
        for n, (pair, matches) in enumerate(zip(batch, offered, strict=True)):
            record = loaded.record_ids[start + n]
            ids = [match.person.pk for match in matches]
            if pair.same and record in ids:
                figures.found += 1
            elif pair.same:
                figures.missed[pair.kind] += 1
            wrong = [pk for pk in ids if not (pair.same and pk == record)]
            figures.false_offers += len(wrong)
            figures.wrong[pair.kind] += len(wrong)
    return figures


def median_ms(figures: Figures) -> float:
    return statistics.median(figures.milliseconds) if figures.milliseconds else 0.0
