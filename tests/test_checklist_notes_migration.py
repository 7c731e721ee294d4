"""Migration cases/0019: free-text sources (typed when a source was "if not the victim") are kept, moved
into the note on that question, since which of the victim, a third party or a professional it was cannot be
told; sources already one of the three stay."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from cases.models import RiskChecklist
from tests.referral_helpers import draft_referral, fresh, make_cast

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cases.migrations.0019_checklist_notes")


def test_free_text_sources_move_into_the_notes() -> None:
    cast = make_cast()
    referral = draft_referral(cast.practitioner, cast.area)
    untouched = draft_referral(cast.practitioner, cast.area)
    RiskChecklist.objects.filter(referral=referral).update(
        sources={"q1": "Her sister", "q2": "professional", "q3": "Police officer"},
        notes={"q3": "Saw the injury"},
    )
    migration.move_free_text_sources(apps, None)
    checklist = fresh(referral).checklist
    assert checklist.sources == {"q2": "professional"}
    assert checklist.notes == {
        "q1": "Source of the answer: Her sister",
        "q3": "Source of the answer: Police officer\nSaw the injury",
    }
    assert (fresh(untouched).checklist.sources, fresh(untouched).checklist.notes) == ({}, {})
