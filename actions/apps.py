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

        # The agenda (and the live meeting) flags actions persistently not completed to the chair.
        from actions.plan.selectors import persistent_counts  # noqa: PLC0415
        from cases.meetings.providers import register_persistent_reader  # noqa: PLC0415

        register_persistent_reader(persistent_counts)

        # The case page links to its action plan for those who see it.
        from actions.plan.selectors import plan_exists_for_user  # noqa: PLC0415
        from cases.providers import register_plan_reader  # noqa: PLC0415

        register_plan_reader(plan_exists_for_user)

        # Closing a case (in cases) lists its open actions and asks for confirmation through this hook.
        from actions.selectors import open_actions_for_case  # noqa: PLC0415
        from cases.status.providers import register_open_actions  # noqa: PLC0415

        register_open_actions(open_actions_for_case)

        # The outcome page of a hearing (in cases) lists the viewer's agency's actions through this hook.
        from actions.selectors import agency_actions_on_hearing  # noqa: PLC0415
        from cases.feedback.providers import register_agency_actions  # noqa: PLC0415

        register_agency_actions(agency_actions_on_hearing)

        # Each case's minutes (in cases) carry the actions agreed at the meeting through this hook.
        from actions.selectors import actions_agreed_at  # noqa: PLC0415
        from cases.meetings.minutes.providers import register_meeting_actions  # noqa: PLC0415

        register_meeting_actions(actions_agreed_at)

        # The coordinator's case list (in cases) filters by and counts outstanding actions through this hook.
        from actions.selectors import case_has_outstanding, outstanding_counts_by_case  # noqa: PLC0415
        from cases.caselist.providers import register_outstanding  # noqa: PLC0415

        register_outstanding(condition=case_has_outstanding, counter=outstanding_counts_by_case)

        # Action reminder emails are made from their reminder rows when the outbox sends them.
        from actions.reminders.sweep import render_reminders  # noqa: PLC0415
        from marac.outbox.models import MessageKind  # noqa: PLC0415
        from marac.outbox.sender import register_renderer  # noqa: PLC0415

        register_renderer(MessageKind.ACTION_REMINDER, render_reminders)
