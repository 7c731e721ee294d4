"""The survivor-blaming phrases the language check looks for (``marac.language``).

One table, ``RULES``: each rule is a kind of survivor-blaming framing, a
short label of it, a reframing in plain English, and the phrases that
express it, written in a small notation (``marac.phrasebook.notation``)
that turns into a regular expression:

- a space matches any run of whitespace, including line breaks;
- ``'`` matches a straight or curly apostrophe (U+0027, U+2019, U+2018, U+02BC);
- ``~`` matches a hyphen, a space, or nothing ("non-engagement",
  "non engagement", "nonengagement").

Every phrase must start and end at a word boundary, and matching ignores case
(except where a phrase says otherwise, as for "DNA").

A rule may also ignore a match by the words just before it (``unless_preceded_by``:
"did not" before "let him back"), just after it (``unless_followed_by``: "because
he took her phone" after "did not attend"), or by who the sentence is about
(``subject_test``, ``marac.phrasebook.subjects``: "He failed to attend the
programme", "Police let him back in", "He claims she let him in").

The rules live in ``survivor`` (what the survivor did or did not do) and
``framing`` (how the harm is framed); the word lists they share in ``words``.
The labelled corpus they are measured on is ``corpus.txt``, loaded and scored by
``marac.phrasebook.corpus``.
"""

from __future__ import annotations

from marac.phrasebook.framing import FRAMING_RULES
from marac.phrasebook.notation import LanguageRule
from marac.phrasebook.survivor import SURVIVOR_RULES

__all__ = ["RULES", "LanguageRule"]

RULES: tuple[LanguageRule, ...] = SURVIVOR_RULES + FRAMING_RULES
