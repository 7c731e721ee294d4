"""Synthetic people: names, dates of birth, equality data, addresses.

Names combine first and family names from several of Faker's locales (the
UK and Ireland mostly, with South Asian, Eastern European and Turkish names
too), so that name searches behave as they would in a UK population: common
surnames are shared by thousands of people, rare ones by a few. Nothing here
is a real person; addresses are Faker's invented streets and towns, and phone
numbers come from Ofcom's range reserved for drama (07700 900000 to 900999).
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass

from faker import Faker

# (locale, weight): how often names come from each.
LOCALES = [("en_GB", 8), ("en_IE", 3), ("en_US", 2), ("en_IN", 2), ("ro_RO", 1), ("tr_TR", 1), ("lt_LT", 1)]


def _names(attribute: str) -> list[str]:
    pool: list[str] = []
    for locale, weight in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        names = [n for n in getattr(provider, attribute, ()) if n.isalpha() or "'" in n or "-" in n]
        # Repeat each locale's list by its weight over its length, so a big
        # list does not swamp a small one.
        repeat = max(1, round(weight * 400 / max(1, len(names))))
        pool.extend(names * repeat)
    return pool


@dataclass
class NamePools:
    female: list[str]
    male: list[str]
    family: list[str]

    @classmethod
    def load(cls) -> NamePools:
        return cls(female=_names("first_names_female"), male=_names("first_names_male"), family=_names("last_names"))


class Addresses:
    """A pool of invented addresses (Faker is too slow to call per row)."""

    def __init__(self, fake: Faker, size: int = 5000) -> None:
        self.streets = [fake.street_address().replace("\n", ", ") for _ in range(size)]
        self.towns = [fake.city() for _ in range(size // 10)]
        self.postcodes = [fake.postcode() for _ in range(size)]

    def pick(self, rng: random.Random) -> tuple[str, str]:
        return f"{rng.choice(self.streets)}, {rng.choice(self.towns)}", rng.choice(self.postcodes)


def safe_phone(rng: random.Random) -> str:
    return f"07700 900{rng.randrange(1000):03d}"


SAFE_TIMES = [
    "Weekdays between 10am and 2pm",
    "Mornings after school drop-off",
    "Any time on her work phone",
    "Tuesday and Thursday afternoons",
    "Only when she calls first",
    "Evenings after 7pm when the children are in bed",
]
CHILD_PROTECTION = ["", "", "", "Child protection plan", "Child in need plan", "Looked after child", "Child's plan"]
