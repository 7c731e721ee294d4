"""The actions agreed at meetings held, and what became of them (a part of ``Generator``)."""

from __future__ import annotations

from devdata.synthetic import text
from devdata.synthetic.history import GeneratorState, Item, Meeting
from devdata.synthetic.rows import DAY, DAYS, NULL, ts
from devdata.synthetic.world import AreaInfo
from marac.models import AgencyKind

# Which kinds of agency own the actions of each focus (weights).
ACTION_OWNERS = {
    "survivor": [(AgencyKind.IDAA, 45), (AgencyKind.HOUSING, 20), (AgencyKind.POLICE, 15), (AgencyKind.HEALTH, 15),
                 (AgencyKind.SPECIALIST, 5)],
    "child": [(AgencyKind.CHILDREN_FAMILIES, 60), (AgencyKind.EDUCATION, 25), (AgencyKind.HEALTH, 15)],
    "perpetrator": [(AgencyKind.POLICE, 70), (AgencyKind.JUSTICE, 20), (AgencyKind.SUBSTANCE_USE, 5),
                    (AgencyKind.MENTAL_HEALTH, 5)],
    "family": [(AgencyKind.CHILDREN_FAMILIES, 40), (AgencyKind.IDAA, 30), (AgencyKind.HOUSING, 30)],
    "professionals": [(AgencyKind.POLICE, 50), (AgencyKind.HOUSING, 25), (AgencyKind.HEALTH, 25)],
}  # fmt: skip

# One step of an action's history: when, status before, status after, note, author.
Step = tuple[float, str, str, str, int]


class ActionHistory(GeneratorState):
    """Writes the actions agreed for a case heard, their updates and joint agencies."""

    def _actions(self, meeting: Meeting, item: Item, agreed: float) -> None:
        rng = self.rng
        area = meeting.area
        foci = ["survivor", "perpetrator", "family", "professionals"] + (
            ["child", "child"] if item.case.children else []
        )
        count = rng.choices([1, 2, 3, 4, 5, 6, 7], [6, 14, 24, 24, 17, 10, 5])[0]
        chosen = [rng.choice(foci) for _ in range(count)]
        if "perpetrator" not in chosen and rng.random() < 0.7:
            chosen[0] = "perpetrator"
        for focus in chosen:
            self._action(area, item, focus, agreed)

    def _action(self, area: AreaInfo, item: Item, focus: str, agreed: float) -> None:
        rng = self.rng
        aid = self.next_id("actions_action")
        kinds, cumulative = self.owner_kinds[focus]
        kind = rng.choices(kinds, cum_weights=cumulative)[0]
        owner = area.agencies.get(kind) or area.specialist or area.agencies[AgencyKind.IDAA]
        stage, description = rng.choice(text.ACTIONS[focus])
        due_day = int(agreed / DAY) + rng.choice([7, 14, 14, 21, 28, 28, 42, 56])
        rep = rng.choice(area.reps.get(owner) or [area.coordinator])
        created_by = area.coordinator if rng.random() < 0.7 else area.chair
        status = self._action_status(due_day)
        history, outcome, closed = self._action_history(area, status, agreed, due_day * DAY, rep, created_by)
        priority = rng.choices(["high", "medium", "low"], [30, 55, 15])[0]
        assignee = self.world.user_names.get(rep, "") if rng.random() < 0.3 else ""
        self.w["actions_action"](
            f"{aid}\t{assignee}\t{description}\t{focus}\t{stage}\t{DAYS[due_day]}\t{priority}\t{status}\t"
            f"{outcome}\t{ts(agreed)}\t{ts(closed) if closed else NULL}\t{len(history)}\t{item.case.id}\t"
            f"{created_by}\t{item.id}\t{owner}\t{area.id}\n"
        )
        for at, before, after, note, author in history:
            self.w["actions_actionupdate"](
                f"{self.next_id('actions_actionupdate')}\t{ts(at)}\t{before}\t{after}\t{note}\t{aid}\t{author}\n"
            )
        if rng.random() < 0.15:
            joint = [a for a in area.invited if a != owner]
            self.w["actions_action_joint_agencies"](
                f"{self.next_id('actions_action_joint_agencies')}\t{aid}\t{rng.choice(joint)}\n"
            )

    def _action_status(self, due_day: int) -> str:
        """Where the action stands now: actions due in the past were mostly
        completed, some are still outstanding (more so recent ones)."""
        rng = self.rng
        today = self.now / DAY
        if due_day >= today:
            roll = rng.random()
            return "open" if roll < 0.55 else ("in_progress" if roll < 0.88 else "completed")
        age = today - due_day
        outstanding = 0.25 if age < 60 else (0.08 if age < 365 else 0.01)
        roll = rng.random()
        if roll < outstanding:
            return "in_progress" if rng.random() < 0.5 else "open"
        if roll < outstanding + 0.06:
            return "not_completed"
        if roll < outstanding + 0.08:
            return "superseded"
        return "completed"

    def _action_history(
        self, area: AreaInfo, status: str, agreed: float, due: float, rep: int, created_by: int
    ) -> tuple[list[Step], str, float | None]:
        """The action's updates up to ``status``, its outcome and when it was closed."""
        rng = self.rng
        history: list[Step] = [(agreed, "", "open", "Action agreed", created_by)]
        outcome, closed = "", None
        if status == "in_progress" or (status in ("completed", "not_completed") and rng.random() < 0.5):
            progress_at = min(self.now - 60, agreed + rng.uniform(1, max(2.0, (due - agreed) / DAY)) * DAY)
            history.append((progress_at, "open", "in_progress", rng.choice(text.PROGRESS_NOTES), rep))
        if status in ("completed", "not_completed"):
            latest = history[-1][0]
            if status == "completed":
                offset = -rng.uniform(0, 12) if rng.random() < 0.8 else rng.uniform(1, 30)
                outcome = rng.choice(text.OUTCOMES)
            else:
                offset = rng.uniform(0, 20)
                outcome = rng.choice(text.NOT_COMPLETED_REASONS)
            closed = min(self.now - 30, max(latest + 3600, due + offset * DAY))
            history.append((closed, history[-1][2], status, outcome, rep))
        elif status == "superseded":
            when = min(self.now - 30, due + rng.uniform(0, 20) * DAY)
            history.append((when, history[-1][2], status, "Replaced by a new action agreed at the meeting.",
                            area.coordinator))  # fmt: skip
        return history, outcome, closed
