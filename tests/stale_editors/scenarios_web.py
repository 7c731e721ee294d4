"""The pages' edits: ``WEB_EDITS``, one case for each page that changes a versioned object."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from actions.models import Action
from cases.meetings.live import services as live_services
from cases.models import (
    AgendaItem,
    Attendance,
    CaseNeed,
    Meeting,
    Minutes,
    NeedKind,
    Process,
    ProcessLink,
    Referral,
)
from ppmt import services as ppmt_services
from ppmt.models import ResearchEntry, SurvivorVoice
from tests.builders import named_on, need_on
from tests.factories import CaseFactory
from tests.referral_helpers import draft_referral
from tests.stale_editors.place import Place
from tests.stale_editors.scenario import Edit, Scenario, circulating, last_note, new_action


def _voice(p: Place, *, recorded: bool) -> Scenario:
    meeting = p.circulated()
    item = meeting.items.get()
    named_on(item.case, p.idaa, by=p.coordinator)
    if recorded:
        ppmt_services.survivor_voice_save(
            user=p.idaa, item=item, data={"contact_made": True, "fears": "Recorded before"}, expected_version=None
        )
    url = reverse("survivor-voice", args=[meeting.pk, item.pk])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.idaa, p.idaa),  # one IDAA in two tabs: the one person who writes it
        body=lambda value: {"contact_made": "true", "fears": value},
        stored=lambda: str(SurvivorVoice.objects.filter(item=item).values_list("fears", flat=True).first()),
        first="That he finds her at work",
        second="That he takes the children",
    )


def voice_first(p: Place) -> Scenario:
    return _voice(p, recorded=False)


def _voice_edit(p: Place) -> Scenario:
    return _voice(p, recorded=True)


def research_amend(p: Place) -> Scenario:
    meeting = p.circulated()
    item = meeting.items.get()
    entry = ppmt_services.research_entry_save(
        user=p.police_rep, item=item, stage="pattern", text="Breached bail in October.", lawful_basis="safeguarding"
    )
    url = reverse("research-item", args=[meeting.pk, item.pk])

    def current() -> str:
        texts = ResearchEntry.objects.filter(
            submission=entry.submission, stage="pattern", superseded_by__isnull=True, withdrawn=False
        ).values_list("text", flat=True)
        return " | ".join(sorted(texts))  # two current versions would show as two texts

    return Scenario(
        read_url=f"{url}?amend={entry.pk}",
        write_url=f"{url}?amend={entry.pk}",
        editors=(p.police_rep, p.police_rep_2),
        body=lambda value: {"stage": "pattern", "text": value, "lawful_basis": "safeguarding"},
        stored=current,
        first="Breached bail twice in October.",
        second="Breached bail three times in October.",
        token_field="amend",
    )


def _live_decisions(p: Place) -> Scenario:
    meeting = p.running()
    item = meeting.items.get()
    return Scenario(
        read_url=reverse("live-item", args=[meeting.pk, item.pk]),
        write_url=reverse("live-decisions", args=[meeting.pk, item.pk]),
        editors=(p.coordinator, p.chair),
        body=lambda value: {"decisions": value, "action": "save"},
        stored=lambda: AgendaItem.objects.get(pk=item.pk).decisions,
        first="Police to arrest for the breach.",
        second="Housing to change the locks.",
    )


def minutes(p: Place) -> Scenario:
    meeting = p.running()
    live_services.meeting_close(user=p.coordinator, meeting=meeting)
    url = reverse("meeting-minutes", args=[meeting.pk])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.coordinator, p.chair),
        body=lambda value: {"action": "save", "general": value},
        stored=lambda: Minutes.objects.get(meeting=meeting).general,
        first="Apologies from health.",
        second="Apologies from education.",
    )


def _minutes_scope(p: Place) -> Scenario:
    """What the agencies receive (full minutes or actions only): carried on the minutes' version."""
    meeting = p.running()
    live_services.meeting_close(user=p.coordinator, meeting=meeting)
    url = reverse("meeting-minutes", args=[meeting.pk])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.coordinator, p.chair),
        body=lambda value: {"action": "scope", "minutes_scope": value},
        stored=lambda: Meeting.objects.get(pk=meeting.pk).minutes_scope,
        first="actions",
        second="full",
        typed_kept=False,  # radios: the choice is shown again as chosen
    )


def _agenda_move(p: Place) -> Scenario:
    meeting = p.meeting_with_cases(0, cases=2)
    first, second = meeting.items.order_by("position")

    def moved() -> str:
        return "down" if list(meeting.items.order_by("position")) == [second, first] else "up"

    return Scenario(
        read_url=reverse("meeting-detail", args=[meeting.pk]),
        write_url=reverse("agenda-move", args=[meeting.pk, first.pk]),
        editors=(p.coordinator, p.chair),
        body=lambda value: {"direction": value},
        stored=moved,
        first="down",
        second="up",
        typed_kept=False,  # a button: nothing typed
    )


def _agenda_item(p: Place) -> Scenario:
    meeting = p.meeting_with_cases(0)
    item = meeting.items.get()
    return Scenario(
        read_url=reverse("agenda-item", args=[meeting.pk, item.pk]),
        write_url=reverse("agenda-item", args=[meeting.pk, item.pk]),
        editors=(p.coordinator, p.chair),
        body=lambda value: {"minutes": value},
        stored=lambda: str(AgendaItem.objects.get(pk=item.pk).minutes),
        first="8",
        second="11",
    )


def _invited(p: Place) -> Scenario:
    meeting = p.meeting_with_cases(0)
    core = [p.police.pk, p.housing.pk, p.idaa_service.pk]

    def invited() -> str:
        return ",".join(str(pk) for pk in sorted(meeting.invited_agencies.values_list("pk", flat=True)))

    return Scenario(
        read_url=reverse("meeting-detail", args=[meeting.pk]),
        write_url=reverse("meeting-invite", args=[meeting.pk]),
        editors=(p.coordinator, p.chair),
        body=lambda value: {"agencies": value.split(",")},
        stored=invited,
        first=",".join(str(pk) for pk in sorted([*core, p.specialist.pk])),
        second=",".join(str(pk) for pk in sorted(core[:2])),
        typed_kept=False,  # ticked boxes, shown again as ticked
    )


def _meeting_move(p: Place) -> Scenario:
    """Two coordinators change where the meeting is held (same date): the second, from a stale page, gets 409."""
    meeting = p.meeting_with_cases(0)
    day = meeting.date
    return Scenario(
        read_url=reverse("meeting-move", args=[meeting.pk]),
        write_url=reverse("meeting-move", args=[meeting.pk]),
        editors=(p.coordinator, p.chair),
        body=lambda value: {
            "day_day": day.day,
            "day_month": day.month,
            "day_year": day.year,
            "start_time": "10:00",
            "place": value,
        },
        stored=lambda: Meeting.objects.get(pk=meeting.pk).place,
        first="Council chambers, room 1",
        second="Police HQ, room 4",
    )


def _circulate(p: Place) -> Scenario:
    return circulating(p, "meeting-detail", "meeting-circulate")


def attendance(p: Place) -> Scenario:
    meeting = p.running()
    url = reverse("meeting-attendance", args=[meeting.pk])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.coordinator, p.chair),
        body=lambda value: {f"a{p.police.pk}-status": "present", f"a{p.police.pk}-attendee_names": value},
        stored=lambda: str(
            Attendance.objects.filter(meeting=meeting, agency=p.police).values_list("attendee_names", flat=True).first()
        ),
        first="DS Example",
        second="PC Other",
    )


def _action_page(p: Place) -> Scenario:
    action = new_action(p)
    url = reverse("action-detail", args=[action.pk])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.police_rep, p.police_rep_2),
        body=lambda value: {"status": "in_progress", "note": value},
        stored=lambda: last_note(action),
        first="Visited the address.",
        second="Phoned the survivor.",
    )


def _referral_section(p: Place) -> Scenario:
    referral = draft_referral(p.practitioner, p.area)
    url = reverse("referral-section", args=[referral.public_id, "reason"])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.practitioner, p.practitioner),
        body=lambda value: {"reason": value},
        stored=lambda: Referral.objects.get(pk=referral.pk).reason,
        first="Threats to kill after the separation.",
        second="Strangulation last week.",
    )


def _referral_checklist(p: Place) -> Scenario:
    referral = draft_referral(p.practitioner, p.area)
    url = reverse("referral-section", args=[referral.public_id, "checklist"])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.practitioner, p.practitioner),
        body=lambda value: {"answer_q1": "yes", "note_q1": value},
        stored=lambda: str(Referral.objects.get(pk=referral.pk).checklist.notes.get("q1", "")),
        first="Bruising to her arm.",
        second="A cut to her lip.",
    )


def _need(p: Place) -> Scenario:
    """A need's detail (the interpreter's language), changed by two agencies at the case."""
    case = p.circulated().items.get().case
    need_on(case, NeedKind.INTERPRETER, by=p.police_rep, detail="Tigrinya")
    url = reverse("case-needs", args=[case.pk])
    return Scenario(
        read_url=url,
        write_url=url,
        editors=(p.police_rep, p.coordinator),
        body=lambda value: {"kind": NeedKind.INTERPRETER, "detail": value},
        stored=lambda: CaseNeed.objects.get(case=case, kind=NeedKind.INTERPRETER).detail,
        first="Tigrinya (Eritrean)",
        second="Amharic",
        token_field="version_interpreter",
    )


def _process_end(p: Place) -> Scenario:
    """Ending a case's link to another process, by the coordinator and the chair at once."""
    case = CaseFactory(area=p.area)
    link = ProcessLink.objects.create(
        case=case, process=Process.MAPPA, started_on=date(2026, 1, 5), recorded_by=p.coordinator
    )
    prefix = f"end-{link.pk}"

    def body(value: str) -> dict[str, str]:
        day = date.fromisoformat(value)
        return {
            f"{prefix}-ended_on_day": str(day.day),
            f"{prefix}-ended_on_month": str(day.month),
            f"{prefix}-ended_on_year": str(day.year),
        }

    return Scenario(
        read_url=reverse("case-processes", args=[case.pk]),
        write_url=reverse("case-process-end", args=[case.pk, link.pk]),
        editors=(p.coordinator, p.chair),
        body=body,
        stored=lambda: str(ProcessLink.objects.get(pk=link.pk).ended_on or ""),
        first="2026-02-02",
        second="2026-03-03",
        token_field=f"{prefix}-version",
        typed_kept=False,  # a date's parts are kept, not the date as written here
    )


WEB_EDITS = [
    Edit("survivor voice, first save", SurvivorVoice, "survivor-voice", voice_first),
    Edit("a need on a case", CaseNeed, "case-needs", _need),
    Edit("survivor voice, edit", SurvivorVoice, "survivor-voice", _voice_edit),
    Edit("research finding, amended", ResearchEntry, "research-item", research_amend),
    Edit("live meeting decisions", AgendaItem, "live-decisions", _live_decisions),
    Edit("minutes", Minutes, "meeting-minutes", minutes),
    Edit("what the minutes' readers receive", Minutes, "meeting-minutes", _minutes_scope),
    Edit("agenda order", Meeting, "agenda-move", _agenda_move),
    Edit("a case's time on the agenda", Meeting, "agenda-item", _agenda_item),
    Edit("invited agencies", Meeting, "meeting-invite", _invited),
    Edit("circulating the agenda", Meeting, "meeting-circulate", _circulate),
    Edit("moving a meeting", Meeting, "meeting-move", _meeting_move),
    Edit("attendance", Meeting, "meeting-attendance", attendance),
    Edit("action update", Action, "action-detail", _action_page),
    Edit("referral section", Referral, "referral-section", _referral_section),
    Edit("referral risk checklist", Referral, "referral-section", _referral_checklist),
    Edit("ending a link to another process", ProcessLink, "case-process-end", _process_end),
]
