"""Builders for the worlds the tests need, so a test reads like the domain:
meetings, research, the survivor's voice, shared information, actions and the
people in cases (``tests.referral_helpers`` builds referrals).

Builders that take ``by=`` act as that user through the services, exactly as
the pages do, so the permission checks, validation, audit events and versions
are the real ones. The others write rows directly: for what the services cannot
make (a meeting in the past, an action closed on a given day, research at a
meeting already held) and where a test needs many rows quickly.
"""

from tests.builders.actions import action_for, past_action
from tests.builders.cases import perpetrator_case, person_in_case
from tests.builders.days import at, deadline_before
from tests.builders.grants import named_on, voice_recorder
from tests.builders.meetings import (
    circulated_meeting,
    held_meeting,
    list_case,
    list_cases,
    meeting_on,
    next_meeting,
    record_attendance,
)
from tests.builders.needs import invited_to_case, need_on
from tests.builders.research import (
    finding,
    recorded_voice,
    research,
    research_entry,
    shared_information,
    submitted_research,
    survivor_voice,
)

__all__ = [
    "action_for",
    "at",
    "circulated_meeting",
    "deadline_before",
    "finding",
    "held_meeting",
    "invited_to_case",
    "list_case",
    "list_cases",
    "meeting_on",
    "named_on",
    "need_on",
    "next_meeting",
    "past_action",
    "perpetrator_case",
    "person_in_case",
    "record_attendance",
    "recorded_voice",
    "research",
    "research_entry",
    "shared_information",
    "submitted_research",
    "survivor_voice",
    "voice_recorder",
]
