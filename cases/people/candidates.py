"""The database stage of matching: gather, broadly, the people on record who might be a described person.

Broad on purpose: what is not gathered here can never be offered, so a
candidate is gathered when its surname, or its first name read as a
surname (names swapped), or one of its aliases (either part) is like a
typed name (pg_trgm's ``%``, GIN-indexed), or when it shares the first name
(or a short form of it) and the exact date of birth (a changed surname).
Ranking and the decision belong to the pure scorer (cases.people.scoring).

One ``UNION ALL`` query for everyone described, whatever their number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import (
    Case,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from cases.models import Person, PersonAlias
from cases.people.nicknames import forms_of
from cases.people.scoring import Described, clean, dates_alike, names_typed

GATHER = 30  # candidates gathered per name typed, best first by a rough measure


def _similar(field: str, text: str) -> Q:
    return Q(**{f"{field}__trigram_similar": text}) if text.strip() else Q(pk__in=[])


def _alias_ids(given: str, family: str) -> QuerySet[PersonAlias, Any]:
    """Aliases like the typed name: either part of an alias like either part typed."""
    like = Q(pk__in=[])
    for text in (given, family):
        like |= _similar("family_name", text) | _similar("given_names", text)
    return PersonAlias.objects.filter(like).values("person_id")


def _similarity(field: str, given: str, family: str) -> Any:
    return Greatest(TrigramSimilarity(field, family), TrigramSimilarity(field, given))


def _like_names(given: str, family: str, born: date | None) -> Q:
    """People whose own names are like the typed ones. Every branch can use an index (pg_trgm's GIN indexes,
    the date of birth's), so PostgreSQL can combine them instead of reading every person."""
    first = (clean(given).split() or [""])[0]
    gathered = _similar("family_name", family) | _similar("given_names", family) | _similar("family_name", given)
    if first:
        same_first = _similar("given_names", given)
        for form in forms_of(first):
            same_first |= Q(given_names__trigram_word_similar=form)
        initial = clean(family)[:1]
        # A typing mistake can leave a short surname few trigrams in common ("Borwn"): the first name and the
        # surname's first letter, or the first name (or initial) and a date of birth alike, gather it.
        same_initial = Q(family_name__istartswith=initial) if initial else Q(pk__in=[])
        gathered |= same_first & same_initial if initial else same_first
        if born:
            gathered |= (same_first | same_initial) & Q(date_of_birth__in=dates_alike(born))
    return gathered


def _search(
    visible: QuerySet[Any], position: int, typed: tuple[str, str], born: date | None, like: Q
) -> QuerySet[Person]:
    """The people among ``visible`` that are ``like``, tagged with ``position``, best first by a rough measure."""
    given, family = typed
    aliases = PersonAlias.objects.filter(person=OuterRef("pk")).annotate(
        s=Greatest(_similarity("family_name", given, family), _similarity("given_names", given, family))
    )
    return (
        Person.objects.filter(id__in=visible)
        .filter(like)
        .annotate(
            rough=Greatest(
                TrigramSimilarity("family_name", family),
                TrigramSimilarity("given_names", family),
                Coalesce(Subquery(aliases.order_by("-s").values("s")[:1]), 0.0),
            )
            + TrigramSimilarity("given_names", given)
            + Case(When(date_of_birth=born, then=Value(1.0)), default=Value(0.0), output_field=FloatField()),
            match_for=Value(position, output_field=IntegerField()),
        )
        .order_by("-rough", "pk")[:GATHER]
    )


def gather(visible: QuerySet[Any], described: Sequence[Described]) -> list[list[Person]]:
    """Candidates for each of ``described`` (each at most once), in one query; ``visible`` the people's ids
    the user may be offered."""
    searches = []
    for position, person in enumerate(described):
        for given, family in names_typed(person):
            born = person.date_of_birth
            # Names and aliases apart: an alias's ``IN`` beside the names' conditions would read every person.
            searches.append(_search(visible, position, (given, family), born, _like_names(given, family, born)))
            searches.append(_search(visible, position, (given, family), born, Q(id__in=_alias_ids(given, family))))
    found: list[list[Person]] = [[] for _ in described]
    if not searches:
        return found
    seen: set[tuple[int, int]] = set()
    rows: Any = searches[0].union(*searches[1:], all=True) if len(searches) > 1 else searches[0]
    for candidate in rows:
        if (candidate.match_for, candidate.pk) not in seen:
            seen.add((candidate.match_for, candidate.pk))
            found[candidate.match_for].append(candidate)
    return found
