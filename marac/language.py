"""The language check: prompts for survivor-blaming phrases in free text.

Documentation names the perpetrator's behaviour and the survivor's protective
efforts (docs/domain.md, "Language"). This module finds phrases that shift
blame onto the survivor and suggests a reframing. It only prompts: nothing
here validates, rejects or changes what the user wrote.

Pure Python with no database access, so it can run on any free-text field of
referrals, research and meeting notes.

All the phrases live in one table, ``RULES`` (in ``marac.phrasebook``, with
the word lists they share). A phrase is written in a small notation that
``marac.phrasebook`` turns into a regular expression:

- a space matches any run of whitespace, including line breaks;
- ``'`` matches a straight or curly apostrophe (U+0027, U+2019, U+2018, U+02BC);
- ``~`` matches a hyphen, a space, or nothing ("non-engagement",
  "non engagement", "nonengagement").

Every phrase must start and end at a word boundary, and matching ignores case
(except where a phrase says otherwise, as for "DNA"). A rule can ignore a match
by the words around it, or where the sentence is about the person causing harm
or an agency rather than the survivor (``marac.phrasebook.subjects``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from marac.phrasebook import RULES, LanguageRule
from marac.phrasebook.subjects import about_someone_else

__all__ = ["RULES", "LanguagePrompt", "LanguageRule", "check_language", "language_prompts_for"]


@dataclass(frozen=True)
class LanguagePrompt:
    """One phrase found in the text, and a kinder way to write it."""

    code: str
    """Stable identifier of the rule, like ``"failure_to_protect"``."""
    matched: str
    """The text exactly as typed: ``text[start:end]``."""
    start: int
    end: int
    instead: str
    """A short label of the problematic framing, like ``"failure to protect"``."""
    suggestion: str
    """A reframing in plain English."""


_BEFORE_WINDOW = 80


def _is_excluded(rule: LanguageRule, text: str, start: int, end: int) -> bool:
    window = max(0, start - _BEFORE_WINDOW)
    if any(pattern.search(text, window, start) for pattern in rule.unless_preceded_by):
        return True
    if any(pattern.match(text, end) for pattern in rule.unless_followed_by):
        return True
    return rule.subject_test and about_someone_else(text, start, end)


def check_language(text: str) -> list[LanguagePrompt]:
    """Find survivor-blaming phrases in ``text``.

    Returns one prompt per phrase, ordered by position. Where phrases overlap
    only one prompt is given: the one starting first (the longest if two start
    together); overlapping matches of the same rule merge into one.
    """
    if not text:
        return []
    found: list[tuple[int, int, int]] = []
    for index, rule in enumerate(RULES):
        for pattern in rule.patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start() and not _is_excluded(rule, text, match.start(), match.end()):
                    found.append((match.start(), match.end(), index))
    found.sort(key=lambda item: (item[0], -item[1], item[2]))

    kept: list[tuple[int, int, int]] = []
    for start, end, index in found:
        if kept and start < kept[-1][1]:
            last_start, last_end, last_index = kept[-1]
            if index == last_index and end > last_end:
                kept[-1] = (last_start, end, last_index)
            continue
        kept.append((start, end, index))

    return [
        LanguagePrompt(
            code=RULES[index].code,
            matched=text[start:end],
            start=start,
            end=end,
            instead=RULES[index].instead,
            suggestion=RULES[index].suggestion,
        )
        for start, end, index in kept
    ]


def language_prompts_for(fields: Mapping[str, str]) -> dict[str, list[LanguagePrompt]]:
    """Check several fields at once; only fields with prompts are returned."""
    prompts: dict[str, list[LanguagePrompt]] = {}
    for name, text in fields.items():
        found = check_language(text)
        if found:
            prompts[name] = found
    return prompts
