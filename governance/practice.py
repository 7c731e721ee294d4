"""Safe & Together practice indicators over the cases heard, and the language
prompts raised and reframed (part of the governance figures)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from actions.models import Action, ActionFocus
from cases.models import CaseParty, PartyRole
from governance.scope import Scope
from governance.suppression import Figure, percent
from ppmt.models import LanguagePromptEvent, ResearchEntry, SurvivorVoice


def practice_figures(scope: Scope, *, cases_heard: int) -> dict[str, Any]:
    """The ``practice`` field of ``Figures``: the practice indicators, in one
    pass over the cases heard, as shares of the cases heard."""
    has_strengths = Q(Exists(SurvivorVoice.objects.filter(item=OuterRef("pk")).exclude(strengths=""))) | Q(
        Exists(
            ResearchEntry.objects.filter(
                submission__item=OuterRef("pk"), stage="protective", superseded_by__isnull=True, withdrawn=False
            )
        )
    )
    has_children = Q(Exists(CaseParty.objects.filter(case_id=OuterRef("case_id"), role=PartyRole.CHILD)))
    has_childrens_voice = Q(Exists(SurvivorVoice.objects.filter(item=OuterRef("pk")).exclude(childrens_voice="")))
    has_perpetrator_action = Q(Exists(Action.objects.filter(item=OuterRef("pk"), focus=ActionFocus.PERPETRATOR)))
    practice = scope.heard_items().aggregate(
        strengths=Count("id", filter=has_strengths),
        with_children=Count("id", filter=has_children),
        childrens_voice=Count("id", filter=has_children & has_childrens_voice),
        perpetrator_action=Count("id", filter=has_perpetrator_action),
    )
    return {
        "practice": {
            "Cases with the survivor's strengths recorded": percent(practice["strengths"], cases_heard),
            "Cases with children where the children's voice was recorded": percent(
                practice["childrens_voice"], practice["with_children"]
            ),
            "Cases with at least one action addressing the person causing harm": percent(
                practice["perpetrator_action"], cases_heard
            ),
        }
    }


def language_figures(scope: Scope) -> dict[str, Any]:
    """The ``language_raised`` and ``language_reframed`` fields of ``Figures``."""
    # Raised on a case, or on a referral still being drafted in the area (no case yet).
    where = Q(case__area__in=scope.areas) | Q(case__isnull=True, referral__area__in=scope.areas)
    language = LanguagePromptEvent.objects.filter(where, raised_at__range=scope.period)
    lang = language.aggregate(raised=Count("id"), reframed=Count("id", filter=Q(reframed_at__isnull=False)))
    return {
        "language_raised": Figure(lang["raised"], suppress=False),
        "language_reframed": Figure(lang["reframed"], suppress=False),
    }
