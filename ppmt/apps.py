from __future__ import annotations

from django.apps import AppConfig


class PpmtConfig(AppConfig):
    name = "ppmt"

    def ready(self) -> None:
        # The agenda (in cases, a lower layer) shows each agency its research status through this hook.
        # Imported here, not at the top: the models they load need the app registry ready.
        from cases.meetings.providers import register_research_status  # noqa: PLC0415
        from ppmt.selectors import agency_research_status  # noqa: PLC0415

        register_research_status(agency_research_status)
