"""The phrase notation of the phrasebook, and the rule it builds (``LanguageRule``).

A phrase is a regular expression written with three conveniences, expanded by ``phrase``:

- a space matches any run of whitespace, including line breaks;
- ``'`` matches a straight or curly apostrophe (U+0027, U+2019, U+2018, U+02BC);
- ``~`` matches a hyphen, a space, or nothing ("non-engagement",
  "non engagement", "nonengagement").

Every phrase must start and end at a word boundary, and matching ignores case
(except where a phrase says otherwise, as for "DNA").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LanguageRule", "phrase", "rule"]


@dataclass(frozen=True)
class LanguageRule:
    """A kind of survivor-blaming framing and the phrases that express it."""

    code: str
    instead: str
    suggestion: str
    patterns: tuple[re.Pattern[str], ...]
    unless_preceded_by: tuple[re.Pattern[str], ...] = ()
    """A match is ignored when the text just before it matches one of these
    (for example "did not" before "let him back")."""
    unless_followed_by: tuple[re.Pattern[str], ...] = ()
    """A match is ignored when the text just after it starts with one of these
    (for example "because he took her phone" after "did not attend")."""
    subject_test: bool = False
    """The phrase describes what someone did: ignore it where the subject of its
    clause is the person causing harm or an agency ("He failed to attend the
    programme", "Police let him back in"), or where it reports what he said
    ("He claims she let him in"). See ``marac.phrasebook.subjects``."""


_APOSTROPHE = "['\u2018\u2019\u02bc`\u00b4]"
_GAP = r"\s+"
_OPTIONAL_HYPHEN = r"(?:\s*[-\u2010\u2011\u2013]\s*|\s+)?"
FLAGS = re.IGNORECASE


def phrase(source: str) -> str:
    """Expand the phrase notation (see the module docstring) into a regex."""
    return source.replace("~", _OPTIONAL_HYPHEN).replace(" ", _GAP).replace("'", _APOSTROPHE)


def _compile(source: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{phrase(source)})(?!\w)", FLAGS)


def _before(source: str) -> re.Pattern[str]:
    """A pattern for the words immediately before a match (it ends the text)."""
    return re.compile(rf"(?:{phrase(source)})\s+\Z", FLAGS)


def _after(source: str) -> re.Pattern[str]:
    """A pattern for the words immediately after a match (matched at its end)."""
    return re.compile(rf"\s+(?:{phrase(source)})(?!\w)", FLAGS)


def rule(
    code: str,
    instead: str,
    suggestion: str,
    phrases: tuple[str, ...],
    *,
    unless_preceded_by: tuple[str, ...] = (),
    unless_followed_by: tuple[str, ...] = (),
    subject_test: bool = False,
) -> LanguageRule:
    return LanguageRule(
        code=code,
        instead=instead,
        suggestion=suggestion,
        patterns=tuple(_compile(p) for p in phrases),
        unless_preceded_by=tuple(_before(p) for p in unless_preceded_by),
        unless_followed_by=tuple(_after(p) for p in unless_followed_by),
        subject_test=subject_test,
    )
