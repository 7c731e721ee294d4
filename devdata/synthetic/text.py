"""Pools of synthetic free text for the bulk synthetic-data generator.

Every text here is fictional and written the way MARAC practitioners record
cases: it names the behaviour of the person causing harm and the survivor's
protective efforts, and follows the language guidance in docs/domain.md (no
survivor-blaming phrases; tests/test_synthetic_text.py runs the project's
language check over every string). No text holds a personal name, an address,
a phone number, a date or a real organisation's name, so a generator can pick
any entry for any case. Most texts describe a woman harmed by a man, the most
common pattern at MARAC; some are written with "they" so that the pools also
fit male victims and same-sex relationships. Research and shared information
texts do not name the agency that recorded them: the generator chooses it.

The texts live in data/, one JSON file per pool (``REFERRAL_REASONS`` in
data/referral_reasons.json), read once when this module is imported. JSON
arrays become tuples. Plain data only: each string is a single line without
tabs, newlines or backslashes (the generator writes them straight into
PostgreSQL COPY files).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, Final

__all__ = [
    "ACTIONS",
    "CHILD_RELATIONSHIPS",
    "CONSENT_NOTES",
    "DECISIONS",
    "ETHNICITIES",
    "LANGUAGES",
    "LIVES_WITH",
    "MINUTES_NOTES",
    "NOT_COMPLETED_REASONS",
    "OUTCOMES",
    "PROFESSIONAL_JUDGEMENT",
    "PROGRESS_NOTES",
    "REFERRAL_REASONS",
    "RELATIONSHIPS",
    "RESEARCH",
    "RESEARCH_SOURCES",
    "RESTRICTION_REASONS",
    "RISKS_TO_PROFESSIONALS",
    "SCHOOL_KINDS",
    "SHARED",
    "STRENGTHS",
    "VOICE",
]

_DATA = files("devdata.synthetic").joinpath("data")


def _frozen(value: Any) -> Any:
    """JSON arrays as tuples (objects keep their keys in file order)."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _pool(name: str) -> Any:
    return _frozen(json.loads(_DATA.joinpath(f"{name.lower()}.json").read_text(encoding="utf-8")))


# --- Referral -----------------------------------------------------------------

# Why the referrer is referring (1-2 sentences).
REFERRAL_REASONS: Final[tuple[str, ...]] = _pool("REFERRAL_REASONS")
# The survivor's protective strategies and strengths, as the referrer records them.
STRENGTHS: Final[tuple[str, ...]] = _pool("STRENGTHS")
RISKS_TO_PROFESSIONALS: Final[tuple[str, ...]] = _pool("RISKS_TO_PROFESSIONALS")
# Rationale for professional judgement when the checklist score is below the threshold.
PROFESSIONAL_JUDGEMENT: Final[tuple[str, ...]] = _pool("PROFESSIONAL_JUDGEMENT")
# Why consent to the referral was refused or not sought ("refused", "not_sought").
CONSENT_NOTES: Final[dict[str, tuple[str, ...]]] = _pool("CONSENT_NOTES")

# --- Research ---------------------------------------------------------------------

# One research finding per entry, by PPMT stage, as an agency would record it.
RESEARCH: Final[dict[str, tuple[str, ...]]] = _pool("RESEARCH")
# Generic sources of information, by agency kind.
RESEARCH_SOURCES: Final[dict[str, tuple[str, ...]]] = _pool("RESEARCH_SOURCES")

# --- The meeting ---------------------------------------------------------------

# Information newly shared at the meeting, by PPMT stage, as the chair would
# minute it. The generator minutes each line under the sharing agency's name,
# so no text names the agency sharing it.
SHARED: Final[dict[str, tuple[str, ...]]] = _pool("SHARED")
# The survivor's voice, as the IDAA records it, by SurvivorVoice field.
VOICE: Final[dict[str, tuple[str, ...]]] = _pool("VOICE")

# --- Actions ---------------------------------------------------------------------

# By action focus: (PPMT stage or "", description). Every description is SMART
# and starts with a concrete verb.
ACTIONS: Final[dict[str, tuple[tuple[str, str], ...]]] = _pool("ACTIONS")
# Recorded when an action is completed.
OUTCOMES: Final[tuple[str, ...]] = _pool("OUTCOMES")
# Why an action was not completed (never the survivor's fault).
NOT_COMPLETED_REASONS: Final[tuple[str, ...]] = _pool("NOT_COMPLETED_REASONS")
# An "in progress" update.
PROGRESS_NOTES: Final[tuple[str, ...]] = _pool("PROGRESS_NOTES")
# The chair's summary of decisions for a case at the meeting.
DECISIONS: Final[tuple[str, ...]] = _pool("DECISIONS")
# Why a research finding is restricted to named agencies.
RESTRICTION_REASONS: Final[tuple[str, ...]] = _pool("RESTRICTION_REASONS")
# Short lines for the general section of the meeting minutes.
MINUTES_NOTES: Final[tuple[str, ...]] = _pool("MINUTES_NOTES")

# --- People ----------------------------------------------------------------------

# The relationship of the person causing harm to the victim, with a relative weight.
RELATIONSHIPS: Final[tuple[tuple[str, int], ...]] = _pool("RELATIONSHIPS")
CHILD_RELATIONSHIPS: Final[tuple[str, ...]] = _pool("CHILD_RELATIONSHIPS")
LIVES_WITH: Final[tuple[str, ...]] = _pool("LIVES_WITH")
# A generator adds a fictional place name in front.
SCHOOL_KINDS: Final[tuple[str, ...]] = _pool("SCHOOL_KINDS")
# (label, relative weight, Black or minoritised: "yes" or "no"), in UK census-style broad categories.
ETHNICITIES: Final[tuple[tuple[str, int, str], ...]] = _pool("ETHNICITIES")
# Preferred languages other than English, for interpreter needs.
LANGUAGES: Final[tuple[str, ...]] = _pool("LANGUAGES")
