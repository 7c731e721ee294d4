from __future__ import annotations

from django.apps import AppConfig


class PpmtConfig(AppConfig):
    name = "ppmt"

    def ready(self) -> None:
        # The agenda (in cases, a lower layer) shows each agency its research status through this hook.
        # Imported here, not at the top: the models they load need the app registry ready.
        from cases.meetings.providers import register_research_status  # noqa: PLC0415
        from cases.referrals.providers import register_prompt_recorder  # noqa: PLC0415
        from ppmt.prompts import record_language_prompts  # noqa: PLC0415
        from ppmt.selectors import agency_research_status  # noqa: PLC0415

        register_research_status(agency_research_status)
        # Receiving a referral (in cases) records the wording prompts on its answers through this hook.
        register_prompt_recorder(record_language_prompts)
