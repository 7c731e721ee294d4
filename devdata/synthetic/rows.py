"""COPY text rows: the tables written, their columns, and fast formatting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

NULL = "\\N"
DAY = 86_400.0
STAGES = ["pattern", "harm", "protective", "intersections", "professionals"]

# Tables and the columns written, in COPY order.
_COLUMNS: dict[str, str] = {
    "cases_person": "id given_names family_name date_of_birth gender ethnicity black_or_minoritised lgbt disabled "
    "created_at area_ids",
    "cases_personalias": "id given_names family_name note person_id",
    "cases_case": "id reference status created_at updated_at version area_id victim_id closed_at last_heard_on",
    "cases_casestatuschange": "id from_status to_status reason reason_text changed_at case_id changed_by_id "
    "meeting_id referral_id",
    "cases_caseparty": "id role relationship_to_victim school lives_with case_id person_id",
    "cases_referral": "id public_id status referrer_phone incident_date police_callouts consent consent_note reason "
    "strengths risks_to_professionals professional_judgement professional_judgement_rationale score reasons is_repeat "
    "return_reason check_note created_at updated_at submitted_at received_at version area_id case_id drafted_by_id "
    "received_by_id referring_agency_id repeat_of_id submitted_by_id",
    "cases_referralperson": "id role given_names family_name aliases date_of_birth expected_due_date gender "
    "relationship_to_victim school lives_with child_protection_status address postcode safe_phone safe_times "
    "may_leave_message preferred_language interpreter_needed ethnicity black_or_minoritised lgbt disabled position "
    "person_id referral_id",
    "cases_riskchecklist": "id answers sources notes completed_elsewhere recorded_score completed_on instrument_id "
    "referral_id",
    "cases_meeting": "id date start_time planned_minutes place video_link research_deadline minutes_per_case "
    "is_extra status circulated_at version created_at area_id circulated_by_id minutes_scope cancellation_reason "
    "cancelled_at cancelled_by_id",
    "cases_meeting_invited_agencies": "id meeting_id agency_id",
    "cases_agendaitem": "id position minutes ppmt_mapping added_at started_at finished_at decisions case_id "
    "meeting_id mapping_agency_id",
    "cases_attendance": "id status attendee_names recorded_at agency_id recorded_by_id meeting_id",
    "cases_attendance_cases_attended": "id attendance_id agendaitem_id",
    "cases_minutes": "id general status version created_at approved_at distributed_at approved_by_id meeting_id",
    "cases_minutescase": "id text item_id minutes_id",
    "cases_minutesread": "id read_at minutes_id user_id",
    "cases_conflictofinterest": "id connection declared_at case_id person_id user_id meeting_id withdrawn_at "
    "withdrawal_reason withdrawn_by_id",
    "cases_notification": "id message link created_at read_at dedupe_key user_id",
    "cases_casereferencecounter": "id year last_number area_id",
    "ppmt_researchsubmission": "id status submitted_at updated_at agency_id item_id submitted_by_id",
    "ppmt_researchentry": "id stage text information_date source lawful_basis restricted restriction_reason "
    "created_at withdrawn created_by_id superseded_by_id submission_id",
    "ppmt_researchentry_restricted_to": "id researchentry_id agency_id",
    "ppmt_sharedinformation": "id stage text recorded_at agency_id item_id recorded_by_id",
    "ppmt_survivorvoice": "id contact_made no_contact_reason views_and_wishes fears wants_from_marac own_risk_view "
    "strengths childrens_voice agreed_to_share recorded_by_idaa updated_at version item_id recorded_by_id "
    "recorded_by_agency_id",
    "ppmt_languagepromptevent": "id source source_id field code matched raised_at reframed_at agency_id case_id "
    "raised_by_id",
    "actions_action": "id assignee_name description focus stage due_date priority status outcome created_at "
    "closed_at version case_id created_by_id item_id owner_agency_id area_id",
    "actions_action_joint_agencies": "id action_id agency_id",
    "actions_actionupdate": "id created_at status_from status_to note action_id author_id",
    "governance_referralreview": "id inappropriate feedback recorded_at feedback_sent_at recorded_by_id referral_id",
}
TABLES: dict[str, list[str]] = {table: columns.split() for table, columns in _COLUMNS.items()}


def ts(t: float) -> str:
    """A UTC epoch time as a PostgreSQL timestamptz literal."""
    s = int(t)
    d, r = divmod(s, 86_400)
    h, r = divmod(r, 3600)
    m, sec = divmod(r, 60)
    return f"{DAYS[d]} {h:02d}:{m:02d}:{sec:02d}+00"


class _Days(dict[int, str]):
    """Epoch day number -> 'YYYY-MM-DD', filled as needed."""

    def __missing__(self, day: int) -> str:
        value = (date(1970, 1, 1) + timedelta(days=day)).isoformat()
        self[day] = value
        return value


DAYS = _Days()


def date_of(t: float) -> str:
    return DAYS[int(t // 86_400)]


def weighted(pairs: list[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    values = [v for v, _ in pairs]
    cumulative: list[int] = []
    total = 0
    for _, w in pairs:
        total += w
        cumulative.append(total)
    return values, cumulative


STAGE_LABELS = [
    "Perpetrator's pattern of behaviour",
    "Harm across multiple pathways",
    "Survivor's protective efforts and strengths",
    "Intersections and intersectionalities",
    "Risks and concerns for professionals",
]
