"""The labelled set: synthetic pairs of a person on record and a person as a referral describes them, each
labelled the same person or not, generated deterministically (Faker en_GB, seeded). Never real people.

True matches: the same details; a typing mistake in either name, or both; a short form of the first name; first name
and surname swapped; an alias of the record typed (whole, or as a first name); an alias in the referral that is
the record's name; day and month of birth swapped; one digit of the date of birth different; no date of birth;
a changed surname with the same first name and date of birth; Mac written Mc; a surname mistake with a
date-of-birth mistake.

Not the same person: siblings (same surname, another first name; with and without dates of birth; twins; first
names alike such as Paul and Paula); parent and child of the same names; the same first name only; a child on
record and an adult described with the family's surname; namesakes born a year or two apart, and years apart.
Half the records have family on record in the same case (a child, an adult sibling): offering one is a false
offer, as for any record offered that is not the person described.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cases.people.nicknames import SHORT_FORMS
from cases.people.scoring import Described, Known

SEED = 20
PER_KIND = 12
ONE_WORD_ALIASES = ("Daz", "Tam", "Spud", "Dex", "Jonno", "Kev", "Shaz", "Tiny", "Ace", "Bazza", "Mack", "Stevo")
ALIKE_FIRST_NAMES = (
    ("Daniel", "Danielle"),
    ("Paul", "Paula"),
    ("Louis", "Louise"),
    ("Carl", "Carla"),
    ("Eric", "Erica"),
    ("Robert", "Roberta"),
    ("Christian", "Christina"),
    ("Dean", "Deanna"),
    ("Stephen", "Stephanie"),
    ("Gary", "Gail"),
)
MAC_NAMES = ("MacDonald", "MacKenzie", "MacLeod", "MacGregor", "MacKay", "MacLean", "MacMillan", "MacPherson")
PERPETRATOR, VICTIM, CHILD = "perpetrator", "victim", "child"


@dataclass(frozen=True)
class Pair:
    kind: str
    same: bool  # the label: the described person is the one on record
    record: Known  # on record, in one case, in the role recorded in ``roles``
    described: Described
    relatives: tuple[Known, ...] = ()  # on record too, in the same case: the family's surname, never the one described


class _Maker:
    """Faker and a random generator, both seeded, and surnames no other pair uses."""

    def __init__(self, seed: int) -> None:
        from faker import Faker  # noqa: PLC0415

        self.faker: Any = Faker("en_GB")
        self.faker.seed_instance(seed)
        self.more: Any = Faker("en_US")  # surnames once en_GB's few hundred are used
        self.more.seed_instance(seed)
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def surname(self) -> str:
        for attempt in range(10_000):
            name = (self.faker if attempt < 30 else self.more).last_name()
            if name.lower() not in self.used and "-" not in name and " " not in name:
                self.used.add(name.lower())
                return name
        raise RuntimeError("no surname left: a smaller set, please")

    def first(self) -> str:
        return self.faker.first_name_male() if self.rng.random() < 0.6 else self.faker.first_name_female()

    def other_first(self, first: str) -> str:
        while (name := self.first()).lower()[:3] == first.lower()[:3]:
            pass
        return name

    def adult_born(self) -> date:
        return date(1960, 1, 1) + timedelta(days=self.rng.randrange(45 * 365))

    def child_born(self) -> date:
        return date(2012, 1, 1) + timedelta(days=self.rng.randrange(14 * 365))

    def maybe(self, born: date, chance: float = 0.25) -> date | None:
        """``born``, or now and then not known to the referrer."""
        return None if self.rng.random() < chance else born

    def typo(self, word: str) -> str:
        """One typing mistake: a letter wrong, missing, doubled, or two neighbours swapped (never the first)."""
        i = self.rng.randrange(1, len(word) - 1) if len(word) > 2 else 1
        kind = self.rng.choice(["wrong", "missing", "doubled", "swapped"] if len(word) > 4 else ["doubled", "swapped"])
        if kind == "wrong":
            return word[:i] + self.rng.choice([c for c in "aeiourlnst" if c != word[i].lower()]) + word[i + 1 :]
        if kind == "missing":
            return word[:i] + word[i + 1 :]
        if kind == "doubled":
            return word[:i] + word[i] + word[i:]
        i = max(i, 2) if len(word) > 2 else 1
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]

    def one_digit(self, born: date) -> date:
        digits = born.strftime("%Y%m%d")
        while True:
            i = self.rng.choice([2, 3, 5, 7])
            changed = digits[:i] + str((int(digits[i]) + self.rng.randrange(1, 10)) % 10) + digits[i + 1 :]
            try:
                other = date(int(changed[:4]), int(changed[4:6]), int(changed[6:]))
            except ValueError:
                continue
            if other.year <= 2008:
                return other


def _adult(m: _Maker, role: str = PERPETRATOR, **known: Any) -> tuple[str, str, date, Known]:
    first, family, born = m.first(), m.surname(), m.adult_born()
    fields = {"given_names": first, "family_name": family, "date_of_birth": born, "roles": frozenset({role}), **known}
    return first, family, born, Known(**fields)


def _exact(m: _Maker) -> Pair:
    first, family, born, record = _adult(m)
    return Pair("the same details", True, record, Described(first, family, born, PERPETRATOR))


def _surname_typo(m: _Maker) -> Pair:
    first, family, born, record = _adult(m)
    return Pair("a typing mistake in the surname", True, record, Described(first, m.typo(family), m.maybe(born)))


def _first_typo(m: _Maker) -> Pair:
    first, family, born, record = _adult(m, VICTIM)
    return Pair("a typing mistake in the first name", True, record, Described(m.typo(first), family, born, VICTIM))


def _short_form(m: _Maker) -> Pair:
    line = m.rng.choice(SHORT_FORMS)
    full, short = line[0].title(), m.rng.choice(line[1:]).title()
    typed, recorded = (short, full) if m.rng.random() < 0.7 else (full, short)
    _, family, born, record = _adult(m, given_names=recorded)
    return Pair("a short form of the first name", True, record, Described(typed, family, m.maybe(born), PERPETRATOR))


def _swapped(m: _Maker) -> Pair:
    first, family, born, record = _adult(m)
    return Pair("first name and surname swapped", True, record, Described(family, first, born, PERPETRATOR))


def _alias(m: _Maker) -> Pair:
    alias_first, alias_family = m.first(), m.surname()
    _, _, born, record = _adult(m, aliases=((alias_first, alias_family),))
    described = Described(alias_first, alias_family, m.maybe(born), PERPETRATOR)
    return Pair("an alias of the record typed", True, record, described)


def _alias_as_first(m: _Maker) -> Pair:
    word = m.rng.choice(ONE_WORD_ALIASES)
    _, family, born, record = _adult(m, aliases=(("", word),))
    return Pair("a one-word alias typed as the first name", True, record, Described(word, family, m.maybe(born, 0.5)))


def _referral_alias(m: _Maker) -> Pair:
    first, family, _, record = _adult(m)
    described = Described(m.first(), m.surname(), None, PERPETRATOR, aliases=(f"{first} {family}",))
    return Pair("the record's name given as an alias", True, record, described)


def _day_month(m: _Maker) -> Pair:
    first, family, born, record = _adult(m)
    while born.day > 12 or born.day == born.month:
        born = m.adult_born()
    record = Known(first, family, born, roles=record.roles)
    swapped = date(born.year, born.day, born.month)
    return Pair("day and month of birth swapped", True, record, Described(first, family, swapped, PERPETRATOR))


def _digit(m: _Maker) -> Pair:
    first, family, born, record = _adult(m, VICTIM)
    described = Described(first, family, m.one_digit(born), VICTIM)
    return Pair("one digit of the date of birth different", True, record, described)


def _no_date(m: _Maker) -> Pair:
    first, family, _, record = _adult(m)
    return Pair("no date of birth given", True, record, Described(first, family, None, PERPETRATOR))


def _changed_surname(m: _Maker) -> Pair:
    first, _, born, record = _adult(m, VICTIM)
    return Pair("a changed surname", True, record, Described(first, m.surname(), born, VICTIM))


def _mac(m: _Maker) -> Pair:
    free = [name for name in MAC_NAMES if name.lower() not in m.used]
    family = m.rng.choice(free) if free else m.surname()
    m.used.add(family.lower())
    first, _, born, record = _adult(m, family_name=family)
    typed = family.replace("Mac", "Mc", 1)
    return Pair("Mac written Mc", True, record, Described(first, typed, m.maybe(born), PERPETRATOR))


def _both_typos(m: _Maker) -> Pair:
    first, family, born, record = _adult(m)
    described = Described(m.typo(first), m.typo(family), m.maybe(born), PERPETRATOR)
    return Pair("typing mistakes in both names", True, record, described)


def _typo_and_date(m: _Maker) -> Pair:
    first, family, born, record = _adult(m, VICTIM)
    return Pair(
        "a surname mistake and a date mistake", True, record, Described(first, m.typo(family), m.one_digit(born))
    )


def _sibling(m: _Maker) -> Pair:
    _, family, born, record = _adult(m)
    other = born + timedelta(days=m.rng.choice([-1, 1]) * m.rng.randrange(400, 6 * 365))
    described = Described(m.other_first(record.given_names), family, m.maybe(other, 0.4), PERPETRATOR)
    return Pair("a sibling: same surname, another first name", False, record, described)


def _twin(m: _Maker) -> Pair:
    _, family, born, record = _adult(m, VICTIM)
    return Pair("a twin", False, record, Described(m.other_first(record.given_names), family, born, VICTIM))


def _parent_child(m: _Maker) -> Pair:
    first, family, born, record = _adult(m)
    younger = born + timedelta(days=m.rng.randrange(20 * 365, 32 * 365))
    return Pair("a parent and child of the same names", False, record, Described(first, family, younger))


def _same_first(m: _Maker) -> Pair:
    first, _, born, record = _adult(m)
    other = born + timedelta(days=m.rng.choice([-1, 1]) * m.rng.randrange(200, 15 * 365))
    described = Described(first, m.surname(), m.maybe(other, 0.4), PERPETRATOR)
    return Pair("the same first name only", False, record, described)


def _child_for_adult(m: _Maker) -> Pair:
    family, child_first = m.surname(), m.first()
    record = Known(child_first, family, m.child_born(), roles=frozenset({CHILD}))
    first = child_first if m.rng.random() < 0.3 else m.other_first(child_first)
    described = Described(first, family, m.maybe(m.adult_born(), 0.5), PERPETRATOR)
    return Pair("a child on record, an adult described", False, record, described)


def _alike_sibling(m: _Maker) -> Pair:
    brother, sister = m.rng.choice(ALIKE_FIRST_NAMES)
    first, other = (brother, sister) if m.rng.random() < 0.5 else (sister, brother)
    _, family, born, record = _adult(m, given_names=first)
    younger = born + timedelta(days=m.rng.choice([-1, 1]) * m.rng.randrange(400, 8 * 365))
    described = Described(other, family, m.maybe(younger, 0.3), PERPETRATOR)
    return Pair("a sibling with a first name alike", False, record, described)


def _close_namesake(m: _Maker) -> Pair:
    first, family, born, record = _adult(m)
    other = born + timedelta(days=m.rng.choice([-1, 1]) * m.rng.randrange(370, 2 * 365))
    while sum(a != b for a, b in zip(born.strftime("%Y%m%d"), other.strftime("%Y%m%d"), strict=True)) <= 1:
        other += timedelta(days=37)
    return Pair("a namesake born a year or two apart", False, record, Described(first, family, other, PERPETRATOR))


def _namesake(m: _Maker) -> Pair:
    first, family, born, record = _adult(m, VICTIM)
    other = born + timedelta(days=m.rng.choice([-1, 1]) * m.rng.randrange(6 * 365, 30 * 365))
    return Pair("a namesake born years apart", False, record, Described(first, family, other, VICTIM))


KINDS: tuple[Callable[[_Maker], Pair], ...] = (
    _exact,
    _surname_typo,
    _first_typo,
    _short_form,
    _swapped,
    _alias,
    _alias_as_first,
    _referral_alias,
    _day_month,
    _digit,
    _no_date,
    _changed_surname,
    _mac,
    _both_typos,
    _typo_and_date,
    _sibling,
    _twin,
    _parent_child,
    _same_first,
    _child_for_adult,
    _alike_sibling,
    _close_namesake,
    _namesake,
)
NOT_SAME = 8  # the last kinds: pairs that are not the same person, twice as many of each


def labelled_set(seed: int = SEED, per_kind: int = PER_KIND) -> list[Pair]:
    """The pairs, the same for the same ``seed``: ``per_kind`` of each true kind, twice that of each other kind."""
    maker = _Maker(seed)
    pairs = []
    for n, kind in enumerate(KINDS):
        count = per_kind * 2 if n >= len(KINDS) - NOT_SAME else per_kind
        pairs += [_with_relatives(maker, kind(maker)) for _ in range(count)]
    return pairs


def _with_relatives(m: _Maker, pair: Pair) -> Pair:
    """Half the records have family on record in the same case: a child, and now and then an adult sibling,
    with first names unlike the one described (a relative offered is a false offer)."""
    if m.rng.random() < 0.5:
        return pair
    family, taken = pair.record.family_name, pair.described.given_names or "x"
    relatives = [Known(_unlike(m, taken, pair.record.given_names), family, m.child_born(), roles=frozenset({CHILD}))]
    if m.rng.random() < 0.5 and pair.record.date_of_birth:
        born = pair.record.date_of_birth + timedelta(days=m.rng.choice([-1, 1]) * m.rng.randrange(500, 8 * 365))
        relatives.append(Known(_unlike(m, taken, pair.record.given_names), family, born, roles=frozenset({VICTIM})))
    return Pair(pair.kind, pair.same, pair.record, pair.described, tuple(relatives))


def _unlike(m: _Maker, *names: str) -> str:
    while True:
        name = m.other_first(names[0])
        if all(name.lower()[:3] != other.lower()[:3] for other in names):
            return name
