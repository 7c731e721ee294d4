"""What the apps above cases add to the case page (dependency inversion, ADR 8).

The case page links to the case's action plan for those who may see it. Actions sit above cases in
the layers, so cases may not import them: ``actions.apps`` registers its reader here when it is
ready. Without one, the case page offers no plan.
"""

from __future__ import annotations

from collections.abc import Callable

from cases.models import Case
from marac.models import User

# (user, case) -> does the user see the case's action plan? (One query at most.)
PlanReader = Callable[[User, Case], bool]

_readers: list[PlanReader] = []


def register_plan_reader(reader: PlanReader) -> None:
    """Decide whether the case page links to the plan with ``reader`` (replacing any registered before)."""
    _readers[:] = [reader]


def sees_plan(user: User, case: Case) -> bool:
    """Does the user see the case's action plan, by the registered reader?"""
    return _readers[0](user, case) if _readers else False
