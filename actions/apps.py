from __future__ import annotations

from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"

    def ready(self) -> None:
        # The agenda (in cases, a lower layer) flags outstanding actions through this hook.
        # Imported here, not at the top: the models they load need the app registry ready.
        from actions.selectors import outstanding_counts  # noqa: PLC0415
        from cases.meetings.providers import register_outstanding_counter  # noqa: PLC0415

        register_outstanding_counter(outstanding_counts)

        # Closing a case (in cases) lists its open actions and asks for confirmation through this hook.
        from actions.selectors import open_actions_for_case  # noqa: PLC0415
        from cases.status.providers import register_open_actions  # noqa: PLC0415

        register_open_actions(open_actions_for_case)

        # The coordinator's case list (in cases) filters by and counts outstanding actions through this hook.
        from actions.selectors import case_has_outstanding, outstanding_counts_by_case  # noqa: PLC0415
        from cases.caselist.providers import register_outstanding  # noqa: PLC0415

        register_outstanding(condition=case_has_outstanding, counter=outstanding_counts_by_case)

        # Action reminder emails are made from their reminder rows when the outbox sends them.
        from actions.reminders.sweep import render_reminders  # noqa: PLC0415
        from marac.outbox.models import MessageKind  # noqa: PLC0415
        from marac.outbox.sender import register_renderer  # noqa: PLC0415

        register_renderer(MessageKind.ACTION_REMINDER, render_reminders)
