"""The Perpetrator Pattern Mapping Tool (PPMT) stages (Safe & Together Model).

Research, information sharing and action planning are each structured by
these five stages, in this order.
"""

from __future__ import annotations

from django.db import models


class PpmtStage(models.TextChoices):
    PATTERN = "pattern", "Perpetrator's pattern of behaviour"
    HARM = "harm", "Harm across multiple pathways"
    PROTECTIVE = "protective", "Survivor's protective efforts and strengths"
    INTERSECTIONS = "intersections", "Intersections and intersectionalities"
    PROFESSIONALS = "professionals", "Risks and concerns for professionals"


STAGE_PROMPTS = {
    PpmtStage.PATTERN: "Coercive control, physical, sexual and economic abuse, stalking, aliases, manipulation of "
    "systems, history across partners.",
    PpmtStage.HARM: "Actions taken to harm the children; impact on the children and on family functioning.",
    PpmtStage.PROTECTIVE: "What the survivor does to promote safety and wellbeing: their parenting strengths.",
    PpmtStage.INTERSECTIONS: "Substance use, mental health, disability, culture, immigration status, age, LGBT+, "
    "rurality, language and interpreter needs.",
    PpmtStage.PROFESSIONALS: "Worker safety, threats, the perpetrator's manipulation of agencies.",
}
