"""The pure scorer of matching (cases.people.scoring): which records are offered for a described person, and why.

No database: names, aliases, short forms, dates of birth and roles decide.
"""

from __future__ import annotations

from datetime import date

import pytest

from cases.models import PartyRole
from cases.people.nicknames import SHORT_FORMS, forms_of, same_name_by_short_form
from cases.people.scoring import Described, Known, Verdict, clean, dates_alike, edit_distance, score

TODAY = date(2026, 12, 4)
PERPETRATOR, VICTIM, CHILD = PartyRole.PERPETRATOR, PartyRole.VICTIM, PartyRole.CHILD


def verdict(described: Described, known: Known) -> Verdict:
    return score(described, known, today=TODAY)


def test_a_baby_is_never_offered_for_the_person_causing_harm() -> None:
    """The reported case: Jasmine Brown, born 17 January 2026, offered for Andrew Brown, born 1979."""
    jasmine = Known("Jasmine", "Brown", date(2026, 1, 17), roles=frozenset({CHILD}))
    for born in (date(1979, 3, 2), None):
        found = verdict(Described("Andrew", "Brown", born, PERPETRATOR), jasmine)
        assert not found.offered
        assert found.excluded
    # Not even with the same first name: a child on record is not this adult.
    assert not verdict(Described("Jasmine", "Brown", None, VICTIM), jasmine).offered


def test_an_adult_is_not_offered_for_a_child_years_apart() -> None:
    adult = Known("Kim", "Tamsworth", date(1988, 5, 1), roles=frozenset({VICTIM}))
    found = verdict(Described("Kim", "Tamsworth", date(2017, 5, 1), CHILD), adult)
    assert not found.offered
    assert "dates of birth 29 years apart" in found.against


def test_someone_recorded_only_as_a_child_is_not_offered_for_the_person_causing_harm() -> None:
    described = Described("Liam", "Corrigan", None, PERPETRATOR)
    assert not verdict(described, Known("Liam", "Corrigan", roles=frozenset({CHILD}))).offered
    # Recorded as causing harm in another case: he may be.
    assert verdict(described, Known("Liam", "Corrigan", roles=frozenset({CHILD, PERPETRATOR}))).offered


def test_an_alias_typed_as_a_first_name_is_found() -> None:
    """The reported case: "Daz" typed as a first name; a one-word alias is recorded as a surname."""
    darren = Known("Darren", "Whitlock", date(1983, 6, 9), aliases=(("", "Daz"),), roles=frozenset({PERPETRATOR}))
    found = verdict(Described("Daz", "Whitlock", None, PERPETRATOR), darren)
    assert found.offered
    assert "first name matches alias 'Daz'" in found.reasons
    assert "same surname" in found.reasons
    assert "recorded as person causing harm before" in found.reasons


def test_either_part_of_an_alias_matches() -> None:
    robert = Known("Robert", "Kerr", aliases=(("Rab", "Stewart"),))
    found = verdict(Described("Robert", "Stewart"), robert)
    assert found.offered
    assert "surname matches alias 'Rab Stewart'" in found.reasons
    assert verdict(Described("Rab", "Stewart"), robert).offered


def test_a_short_form_of_the_first_name_matches_and_says_so() -> None:
    found = verdict(Described("Andy", "Brown", date(1979, 3, 2)), Known("Andrew", "Brown", date(1979, 3, 2)))
    assert found.offered
    assert found.reasons == ("first name 'Andy' is a short form of 'Andrew'", "same surname", "same date of birth")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (date(1979, 3, 2), "same date of birth"),
        (date(1979, 2, 3), "date of birth with day and month swapped"),
        (date(1978, 3, 2), "date of birth one digit different"),
    ],
)
def test_dates_of_birth_alike_are_reasons(typed: date, reason: str) -> None:
    found = verdict(Described("Andrew", "Broun", typed), Known("Andrew", "Brown", date(1979, 3, 2)))
    assert found.offered
    assert reason in found.reasons


def test_another_date_of_birth_counts_against() -> None:
    known = Known("Andrew", "Brown", date(1979, 3, 2))
    same_year = verdict(Described("Andrew", "Brown", date(1979, 9, 20)), known)
    assert same_year.offered  # a mistake, perhaps: shown, with what differs
    assert same_year.against == ("born the same year, on another day",)
    assert not verdict(Described("Andrew", "Brown", date(1980, 11, 20)), known).offered


def test_the_exact_date_of_birth_ranks_above_an_alike_one() -> None:
    known = Known("Andrew", "Brown", date(1979, 3, 2))
    scores = [verdict(Described("Andrew", "Brown", born), known).score for born in (date(1979, 3, 2), date(1979, 2, 3))]
    assert scores[0] > scores[1]


def test_first_name_and_surname_swapped() -> None:
    found = verdict(Described("Mcallister", "Grant", date(1990, 1, 5)), Known("Grant", "McAllister", date(1990, 1, 5)))
    assert found.offered
    assert "first name and surname swapped" in found.reasons


def test_a_changed_surname_is_offered_on_the_first_name_and_the_exact_date_of_birth() -> None:
    assert verdict(Described("Morag", "Lindsay", date(1991, 7, 7)), Known("Morag", "Fairlie", date(1991, 7, 7))).offered
    # Without the date of birth, a first name alone is not a match.
    assert not verdict(Described("Morag", "Lindsay"), Known("Morag", "Fairlie", date(1991, 7, 7))).offered


@pytest.mark.parametrize(
    ("described", "known"),
    [
        # Siblings: same surname, another first name (twins share the date of birth too).
        (Described("Callum", "Rennie", date(1994, 2, 2)), Known("Fraser", "Rennie", date(1996, 8, 1))),
        (Described("Callum", "Rennie", date(1994, 2, 2)), Known("Ewan", "Rennie", date(1994, 2, 2))),
        (Described("Callum", "Rennie"), Known("Fraser", "Rennie", date(1996, 8, 1))),
        # Father and son of the same name.
        (Described("John", "Paterson", date(1990, 4, 4)), Known("John", "Paterson", date(1962, 11, 30))),
        # The same first name only.
        (Described("John", "Paterson", date(1990, 4, 4)), Known("John", "Henderson", date(1985, 1, 1))),
        (Described("Sam", "Ure"), Known("Pam", "Ure")),
    ],
)
def test_relatives_and_namesakes_are_not_offered(described: Described, known: Known) -> None:
    assert not verdict(described, known).offered


def test_a_typo_in_either_name_still_matches() -> None:
    known = Known("Jordan", "MacDonald", date(1980, 1, 1))
    found = verdict(Described("Jordon", "Mcdonald"), known)
    assert found.offered
    assert "first name spelled differently ('Jordan')" in found.reasons
    assert "surname spelled differently ('MacDonald')" in found.reasons


def test_an_alias_of_the_referral_matches_the_record_name() -> None:
    described = Described("Wayne", "Tulloch", None, PERPETRATOR, aliases=("Dazza Pirie",))
    assert verdict(described, Known("Darren", "Pirie")).offered


def test_nothing_typed_matches_nothing() -> None:
    assert not verdict(Described("", ""), Known("Jordan", "MacDonald")).offered


def test_spelling_is_compared_without_case_accents_or_punctuation() -> None:
    assert clean("O'Néill-Smith") == "oneill smith"
    assert clean("MacKenzie") == clean("McKenzie")
    assert edit_distance("stewart", "stewrat") == 1  # neighbours swapped
    assert edit_distance("kerr", "") == 4


def test_short_forms_are_symmetric_and_in_lower_case() -> None:
    for names in SHORT_FORMS:
        assert all(name == name.lower().strip() for name in names)
    pairs = [("daz", "darren"), ("andy", "andrew"), ("liz", "elizabeth"), ("jim", "james"), ("rab", "robert")]
    pairs += [("shug", "hugh"), ("kate", "catherine")]
    for short, full in pairs:
        assert same_name_by_short_form(short, full)
        assert same_name_by_short_form(full, short)
    assert not same_name_by_short_form("andrew", "andrew")
    assert not same_name_by_short_form("andy", "robert")
    assert {"alexander", "alexandra"} <= forms_of("alex")


def test_first_names_made_from_one_another_are_not_typing_mistakes() -> None:
    for typed, recorded in [("Paul", "Paula"), ("Danielle", "Daniel"), ("Louis", "Louise")]:
        assert not verdict(Described(typed, "Rennie", None, PERPETRATOR), Known(recorded, "Rennie")).offered
    assert verdict(Described("Pual", "Rennie", None, PERPETRATOR), Known("Paul", "Rennie")).offered


def test_the_dates_a_typing_mistake_makes_are_gathered() -> None:
    alike = dates_alike(date(1979, 3, 2))
    assert {date(1979, 3, 2), date(1979, 2, 3), date(1978, 3, 2), date(1979, 3, 9), date(1979, 8, 2)} <= alike
    assert date(1980, 3, 2) not in alike  # two digits
    assert all(sum(a != b for a, b in zip("19790302", d.strftime("%Y%m%d"), strict=True)) <= 2 for d in alike)
