"""Whether a person on record is the person a referral describes: a score, and the reasons, in words.

Pure: no database. The database stage (cases.people.matching) only gathers
candidates broadly; this decides which are offered to the coordinator and
in what order, and says why each one was, so that the coordinator can judge
a match instead of trusting it.

Evidence weighed:

- the first name: the same, a short form (cases.people.nicknames), a middle
  name, a spelling difference, or one of the record's aliases (its first or
  its last name: a one-word alias such as "Daz" is recorded as a last name);
- the surname: the same, a spelling difference (Mc and Mac alike), an alias;
  first name and surname swapped;
- the date of birth: the same, day and month swapped, one digit different;
  any other date counts against (a little in the same year), and dates of
  birth years apart heavily;
- the role: a child is never offered for an adult (under 16 by date of
  birth), nor someone recorded only as a child for the person causing harm.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from cases.models import PartyRole
from cases.people.nicknames import same_name_by_short_form

OFFER_THRESHOLD = 0.6
ADULT_AGE = 16
NAME_FLOOR = 0.6  # a first name (or surname) less alike than this is not the same name
GENDERED_ENDINGS = frozenset({"a", "e", "ne", "na", "le", "ette", "ine", "ina", "ie"})
ADULT_ROLES = frozenset({PartyRole.VICTIM, PartyRole.PERPETRATOR})


@dataclass(frozen=True)
class Described:
    """A person as a referral describes them."""

    given_names: str
    family_name: str
    date_of_birth: date | None = None
    role: str = ""
    aliases: tuple[str, ...] = ()  # other names, each as typed ("Rab Stewart", "Daz")


@dataclass(frozen=True)
class Known:
    """A person on record: names, aliases (first name, surname), date of birth, the roles recorded in cases."""

    given_names: str
    family_name: str
    date_of_birth: date | None = None
    aliases: tuple[tuple[str, str], ...] = ()
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Verdict:
    score: float
    reasons: tuple[str, ...] = ()  # why it may be the same person
    against: tuple[str, ...] = ()  # what differs
    excluded: str = ""  # why this record is never offered, whatever the names

    @property
    def offered(self) -> bool:
        return not self.excluded and self.score >= OFFER_THRESHOLD


@dataclass(frozen=True)
class _Part:
    """How alike one part of the name is (0 to 1), and why."""

    similarity: float
    reason: str = ""


@dataclass(frozen=True)
class _Names:
    given: _Part
    family: _Part
    reasons: tuple[str, ...] = field(default=())

    @property
    def score(self) -> float:
        return (self.given.similarity + self.family.similarity) / 2


def clean(text: str) -> str:
    """Lower case, no accents, no punctuation; Mac and Mc alike."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z ]+", "", text.replace("-", " "))
    return " ".join(re.sub(r"^mac(?=[a-z]{3})", "mc", word) for word in text.split())


def edit_distance(one: str, other: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swapped neighbours."""
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        row = [i]
        for j, b in enumerate(other, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def similarity(one: str, other: str) -> float:
    """1 for the same word, less for each typing difference; short words differing count more."""
    if not one or not other:
        return 0.0
    if one == other:
        return 1.0
    distance = edit_distance(one, other)
    alike = 1 - distance / max(len(one), len(other))
    return alike * 0.8 if min(len(one), len(other)) <= 4 else alike


def _given_part(typed: str, recorded: str, alias: str = "") -> _Part:
    """How alike a typed first name is to a recorded one (the record's own, or ``alias`` one of its aliases)."""
    typed_words, recorded_words = clean(typed).split(), clean(recorded).split()
    if not typed_words or not recorded_words:
        return _Part(0.0)
    first, theirs = typed_words[0], recorded_words[0]
    if alias and clean(alias) == clean(typed):
        return _Part(0.95, f"first name matches alias '{alias}'")
    if first == theirs:
        return _Part(1.0 if not alias else 0.95, f"first name matches alias '{alias}'" if alias else "same first name")
    if same_name_by_short_form(first, theirs):
        return _Part(0.9, f"first name '{typed_words[0].title()}' is a short form of '{recorded.split()[0]}'")
    if set(typed_words) & set(recorded_words) and min(len(w) for w in set(typed_words) & set(recorded_words)) > 1:
        return _Part(0.85, "a middle name matches")
    if len(first) == 1 and theirs.startswith(first):
        return _Part(0.65, "first initial matches")
    if _gendered(first, theirs):
        return _Part(0.3)
    alike = similarity(first, theirs)
    return _Part(alike, f"first name spelled differently ('{recorded}')" if alike >= NAME_FLOOR else "")


def _gendered(one: str, other: str) -> bool:
    """Paul and Paula, Daniel and Danielle, Louis and Louise: one name and another made from it, not a typo."""
    short, long = sorted((one, other), key=len)
    return len(short) >= 3 and long.startswith(short) and long[len(short) :] in GENDERED_ENDINGS


def _family_part(typed: str, recorded: str, alias: str = "") -> _Part:
    """How alike a typed surname is to a recorded one (or to ``alias``, one of the record's aliases)."""
    mine, theirs = clean(typed), clean(recorded)
    if not mine or not theirs:
        return _Part(0.0)
    if mine == theirs and alias:
        return _Part(0.95, f"surname matches alias '{alias}'")
    if mine == theirs:
        exact = typed.strip().lower() == recorded.strip().lower()
        return _Part(1.0, "same surname") if exact else _Part(0.97, f"surname spelled differently ('{recorded}')")
    alike = max(similarity(mine, theirs), similarity(mine.replace(" ", ""), theirs.replace(" ", "")))
    if mine.split()[-1] == theirs.split()[-1] or mine.split()[0] == theirs.split()[0]:
        alike = max(alike, 0.85)  # one part of a double-barrelled surname
    if alias:
        return _Part(alike * 0.95, f"surname close to alias '{alias}'" if alike >= NAME_FLOOR else "")
    return _Part(alike, f"surname spelled differently ('{recorded}')" if alike >= NAME_FLOOR else "")


def _best(parts: list[_Part]) -> _Part:
    return max(parts, key=lambda part: part.similarity, default=_Part(0.0))


def _names(given: str, family: str, known: Known) -> _Names:
    """The best reading of a typed name against the record's own names and its aliases.

    The first name is compared with the record's first name and with each
    alias, whole or either part (an alias is often typed in the first-name
    box); the surname with the record's surname and each alias's parts."""
    given_parts = [_given_part(given, known.given_names)]
    family_parts = [_family_part(family, known.family_name)]
    for alias_given, alias_family in known.aliases:
        whole = f"{alias_given} {alias_family}".strip()
        given_parts += [_given_part(given, part, whole) for part in (alias_given, alias_family) if part]
        # A one-word alias is its surname; a first name alone (given by hand) is compared as one too.
        family_parts.append(_family_part(family, alias_family or alias_given, whole))
    names = _Names(_best(given_parts), _best(family_parts))
    swapped = _Names(_given_part(given, known.family_name), _family_part(family, known.given_names))
    if swapped.score > names.score and min(swapped.given.similarity, swapped.family.similarity) >= NAME_FLOOR:
        return _Names(swapped.given, swapped.family, ("first name and surname swapped",))
    return names


def _digits(born: date) -> str:
    return f"{born.year:04d}{born.month:02d}{born.day:02d}"


def dates_alike(born: date) -> set[date]:
    """``born`` and the dates a typing mistake would make of it: day and month swapped, one digit different."""
    digits = _digits(born)
    alike = {born}
    if born.day <= 12:
        alike.add(date(born.year, born.day, born.month))
    for i, digit in enumerate(digits):
        for replaced in "0123456789".replace(digit, ""):
            changed = digits[:i] + replaced + digits[i + 1 :]
            try:
                mistyped = date(int(changed[:4]), int(changed[4:6]), int(changed[6:]))
            except ValueError:
                continue
            if mistyped.year >= 1900:  # a person alive, not year 979
                alike.add(mistyped)
    return alike


def _dates(typed: date | None, recorded: date | None) -> tuple[float, str]:
    """What the dates of birth say: a bonus for alike, a penalty for years apart."""
    if typed is None or recorded is None:
        return 0.0, ""
    if typed == recorded:
        return 0.35, "same date of birth"
    if typed.year == recorded.year and (typed.day, typed.month) == (recorded.month, recorded.day):
        return 0.25, "date of birth with day and month swapped"
    if sum(a != b for a, b in zip(_digits(typed), _digits(recorded), strict=True)) == 1:
        return 0.2, "date of birth one digit different"
    apart = abs((typed - recorded).days) / 365.25
    # Not a typing mistake: a different date counts against, a little if in the same year.
    if typed.year == recorded.year:
        return -0.1, "born the same year, on another day"
    if apart <= 2:
        return -0.3, "dates of birth differ"
    if apart <= 5:
        return -0.3, f"dates of birth {round(apart)} years apart"
    return -0.8, f"dates of birth {round(apart)} years apart"


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def exclusion(described: Described, known: Known, today: date) -> str:
    """Why ``known`` can never be ``described`` whatever the names: a child for an adult, or "" if it can be."""
    described_adult = (
        age_on(described.date_of_birth, today) >= ADULT_AGE
        if described.date_of_birth
        else described.role in ADULT_ROLES
    )
    if described_adult and known.date_of_birth and age_on(known.date_of_birth, today) < ADULT_AGE:
        return "a child on record, not an adult"
    if described.role == PartyRole.PERPETRATOR and PartyRole.CHILD in known.roles and not known.roles & ADULT_ROLES:
        return "recorded only as a child"
    return ""


def names_typed(described: Described) -> list[tuple[str, str]]:
    """The names a person was described by: their own (first name, surname), then each alias."""
    names = [(described.given_names.strip(), described.family_name.strip())]
    for alias in described.aliases:
        parts = alias.strip().rsplit(" ", 1)
        names.append((parts[0], parts[1]) if len(parts) == 2 else (parts[0], ""))
    return [(given, family) for given, family in names if given or family]


def _name_score(described_family: str, names: _Names) -> tuple[float, bool]:
    """The names' weight (0 to 1) and whether they are alike enough to offer on their own."""
    given, family = names.given.similarity, names.family.similarity
    if not described_family.strip():
        return given * 0.55, given >= NAME_FLOOR
    return names.score, given >= NAME_FLOOR and family >= NAME_FLOOR


def score(described: Described, known: Known, *, today: date) -> Verdict:
    """How likely ``known`` is the person ``described``, and why (reasons for and against)."""
    excluded = exclusion(described, known, today)
    if excluded:
        return Verdict(0.0, (), (excluded,), excluded)
    best: tuple[float, bool, _Names] | None = None
    for given, family in names_typed(described):
        names = _names(given, family, known)
        weight, alike = _name_score(family, names)
        if best is None or (alike, weight) > (best[1], best[0]):
            best = (weight, alike, names)
    if best is None:
        return Verdict(0.0)
    weight, alike, names = best
    bonus, born = _dates(described.date_of_birth, known.date_of_birth)
    # A changed surname (marriage, a new partner's name): the first name and the exact date of birth say it.
    if not alike and names.given.similarity >= 0.85 and born == "same date of birth":
        alike = True
    role = 0.05 if described.role and described.role in known.roles else 0.0
    total = weight * 0.8 + bonus + role if alike else min(weight * 0.8 + bonus + role, OFFER_THRESHOLD - 0.01)
    reasons = [*names.reasons, names.given.reason, names.family.reason, born if bonus >= 0 else ""]
    if role:
        reasons.append(f"recorded as {PartyRole(described.role).label.lower()} before")
    against = (born,) if bonus < 0 else ()
    return Verdict(round(total, 3), tuple(reason for reason in reasons if reason), against)
