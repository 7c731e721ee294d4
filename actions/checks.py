"""What an action needs before it is recorded: one set of SMART checks, used by the form (so every
problem is reported in one round) and by the service (so nothing reaches the plan without them).

An action needs an owning agency, a focus, a description that starts with what will be done and says
enough to act on, and a due date after the meeting and within the area's horizon. Vague wording
("monitor", "support", "consider") is a prompt: the minute-taker can record it as written once asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from actions.models import ActionFocus, Priority
from ppmt.stages import PpmtStage

MIN_DESCRIPTION = 20
MIN_WORDS = 3
_WORD = re.compile(r"[A-Za-z]+")  # a word, as the checks read descriptions and their own lists

# First words that show the description does not start with what will be done: articles, pronouns,
# linking words, the agency as subject ("Police to visit": the owner is chosen separately) and people.
NOT_A_VERB = frozenset(
    _WORD.findall(
        """a an the this that these those it its he she they them his her their we our us you your i
    to for of on in at by with and or but if as all any some no not
    police housing idaa idva idaas idvas social health education probation agency agencies services service
    survivor victim perpetrator children child mr mrs ms miss dr"""
    )
)
# Leading verbs that do not say what will be done, by whom or by when ("Monitor the situation").
VAGUE = frozenset(
    _WORD.findall(
        """monitor consider support continue liaise note discuss explore keep try think maybe possibly
    be ensure encourage"""
    )
)


@dataclass(frozen=True)
class Due:
    """When an action may fall due: after ``after`` (the meeting's day, or yesterday outside a meeting),
    not before ``today``, and no later than ``latest``."""

    after: date | None
    today: date
    latest: date

    @classmethod
    def window(cls, *, today: date, meeting_date: date | None, horizon_days: int) -> Due:
        start = max(today, meeting_date) if meeting_date is not None else today
        return cls(after=meeting_date, today=today, latest=start + timedelta(days=horizon_days))


def vague_words(description: str) -> list[str]:
    """The vague verb ``description`` starts with, if it does (as a list: empty when it does not)."""
    first = _WORD.search(description)
    return [first.group(0)] if first and first.group(0).lower() in VAGUE else []


def description_problem(description: str, *, vague_ok: bool) -> str:
    """What is wrong with an action's description ("" when nothing is)."""
    text = description.strip()
    if not text:
        return "Describe the action: what will be done, by whom"
    words = _WORD.findall(text)
    vague = vague_words(text)
    if words and words[0].lower() in NOT_A_VERB:
        return (
            "Start the action with what will be done, for example “Visit”, “Refer” or “Apply for” "
            "(the owning agency is chosen below)"
        )
    if len(text) < MIN_DESCRIPTION or len(words) < MIN_WORDS:
        said = f"“{words[0]}” on its own does not say what will be done. " if vague and len(words) < MIN_WORDS else ""
        fully = f"Describe the action more fully (at least {MIN_DESCRIPTION} characters)"
        return f"{said}{fully}: what will be done, for whom and how"
    if vague and not vague_ok:
        return (
            f"“{vague[0].capitalize()}” does not say what will be done: say what, by whom and by when, "
            "or tick “Record it as written”"
        )
    return ""


def due_problem(due_date: date | None, window: Due) -> str:
    """What is wrong with an action's due date ("" when nothing is)."""
    if due_date is None:
        return "Enter the date the action is due"
    if window.after is not None and due_date <= window.after:
        return f"The due date must be after the meeting on {window.after:%-d %B %Y}"
    if due_date < window.today:
        return "The due date must be today or in the future"
    if due_date > window.latest:
        return (
            f"The due date must be no later than {window.latest:%-d %B %Y}: agree a nearer step, "
            "and review the longer work at a later meeting"
        )
    return ""


def action_problems(
    *,
    description: str,
    vague_ok: bool,
    owner_chosen: bool,
    focus: str,
    due_date: date | None,
    window: Due,
    stage: str = "",
    priority: str = Priority.MEDIUM,
) -> dict[str, str]:
    """Everything wrong with a new action, at once: field -> what to do about it."""
    errors: dict[str, str] = {}
    if problem := description_problem(description, vague_ok=vague_ok):
        errors["description"] = problem
    if not owner_chosen:
        errors["owner_agency"] = "Select the agency that owns the action"
    if focus not in ActionFocus.values:
        errors["focus"] = "Select who the action is for"
    if problem := due_problem(due_date, window):
        errors["due_date"] = problem
    if stage and stage not in PpmtStage.values:
        errors["stage"] = "Select a PPMT stage"
    if priority not in Priority.values:
        errors["priority"] = "Select a priority"
    return errors
