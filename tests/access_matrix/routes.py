"""How to reach each route in each situation: its URL, and a minimal valid-ish body for POST.

``URLS[route](situation, world)`` gives the URL (``None`` where the situation has
no such object). A route is requested in the situations its table row names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from cases.models import CaseGrant, ConflictOfInterest, PartyRole, ProcessLink, ReferralPerson
from tests.access_matrix.world import MatrixWorld, Situation

Url = Callable[[Situation, MatrixWorld], str | None]
Body = Callable[[Situation, MatrixWorld], dict[str, Any]]


def plain(name: str, query: str = "") -> Url:
    return lambda s, w: reverse(name) + query


def on_case(name: str) -> Url:
    return lambda s, w: reverse(name, args=[s.case.pk]) if s.case else None


def on_referral(name: str, *args: str) -> Url:
    return lambda s, w: reverse(name, args=[s.referral.public_id, *args]) if s.referral else None


def on_meeting(name: str) -> Url:
    return lambda s, w: reverse(name, args=[s.meeting.pk]) if s.meeting else None


def on_item(name: str) -> Url:
    return lambda s, w: reverse(name, args=[s.item.meeting_id, s.item.pk]) if s.item else None


def on_action(name: str) -> Url:
    return lambda s, w: reverse(name, args=[s.action.pk]) if s.action else None


def _on_item_action(name: str) -> Url:
    """An action agreed at the situation's case of a meeting (the live page's Change and Remove)."""
    return lambda s, w: reverse(name, args=[s.item.meeting_id, s.item.pk, s.action.pk]) if s.item and s.action else None


def on_transfer(name: str) -> Url:
    return lambda s, w: reverse(name, args=[s.transfer.pk]) if s.transfer else None


def _referral_person(s: Situation, role: str = PartyRole.PERPETRATOR) -> ReferralPerson | None:
    if s.referral is None:
        return None
    return ReferralPerson.objects.filter(referral=s.referral, role=role).order_by("pk").first()


def _referral_person_url(name: str) -> Url:
    def url(s: Situation, w: MatrixWorld) -> str | None:
        person = _referral_person(s)
        return reverse(name, args=[s.referral.public_id, "perpetrators", person.pk]) if s.referral and person else None

    return url


def _link_url(s: Situation, w: MatrixWorld) -> str | None:
    person = _referral_person(s, PartyRole.VICTIM)
    return reverse("referral-person-link", args=[s.referral.public_id, person.pk]) if s.referral and person else None


def _conflict_withdraw(s: Situation, w: MatrixWorld) -> str | None:
    if s.item is None:
        return None
    conflict = ConflictOfInterest.objects.active().filter(case=s.case, user=w.users["conflicted"]).first()
    return reverse("conflict-withdraw", args=[s.meeting.pk, conflict.pk]) if conflict else None


def _keyworker_grant(s: Situation, w: MatrixWorld) -> str | None:
    grant = CaseGrant.objects.filter(content_object=s.case, user=w.users["keyworker"]).first() if s.case else None
    return reverse("case-worker-end", args=[s.case.pk, grant.pk]) if s.case and grant else None


def _process_link(s: Situation, w: MatrixWorld) -> str | None:
    link = ProcessLink.objects.filter(case=s.case).first() if s.case else None
    return reverse("case-process-end", args=[s.case.pk, link.pk]) if s.case and link else None


def _governance(name: str) -> Url:
    return lambda s, w: f"{reverse(name)}?area={w.area.pk}"


def _pattern(s: Situation, w: MatrixWorld) -> str | None:
    return reverse("person-pattern", args=[s.person.pk]) if s.person else None


def _account(name: str, key: str, attr: str = "pk") -> Url:
    return lambda s, w: reverse(name, args=[getattr(w.accounts[key], attr)])


URLS: dict[str, Url] = {
    "token-list": plain("token-list"),
    "token-create": plain("token-create"),
    "token-revoke": _account("token-revoke", "token"),
    "service-token-create": _account("service-token-create", "service"),
    "account-list": plain("account-list"),
    "outbox-undelivered": plain("outbox-undelivered"),
    "outbox-undelivered-retry": plain("outbox-undelivered-retry"),
    "account-invite": plain("account-invite"),
    "invitation-resend": _account("invitation-resend", "invitation"),
    "invitation-revoke": _account("invitation-revoke", "invitation"),
    "account-deactivate": lambda s, w: reverse("account-deactivate", args=[w.users["practitioner"].pk]),
    "account-review": lambda s, w: reverse("account-review", args=[w.area.pk, w.agencies["police"].pk]),
    "invitation-accept": lambda s, w: reverse("invitation-accept", args=["no-such-link"]),
    "recovery-codes": plain("recovery-codes"),
    "home": plain("home"),
    "sign-in": plain("sign-in"),
    "two-factor": plain("two-factor"),
    "two-factor-set-up": plain("two-factor-set-up"),
    "sign-out": plain("sign-out"),
    "drafts": plain("drafts", "?page=/"),
    "session-extend": plain("session-extend"),
    "audit-log": plain("audit-log"),
    "accessibility": plain("accessibility"),
    "privacy": plain("privacy"),
    "health": plain("health"),
    "api-schema": plain("api-schema"),
    "api-docs": plain("api-docs"),
    "api-referrals": plain("api-referrals"),
    "api-referral": on_referral("api-referral"),
    "api-meetings": plain("api-meetings"),
    "api-actions": plain("api-actions", "?show=all"),
    "api-governance": _governance("api-governance"),
    "api-action": on_action("api-action"),
    "api-action-updates": on_action("api-action-updates"),
    "api-agenda": on_meeting("api-agenda"),
    "api-item-research": on_item("api-item-research"),
    "api-circulate": on_meeting("api-circulate"),
    "api-attendance": on_meeting("api-attendance"),
    "governance-dashboard": _governance("governance-dashboard"),
    "governance-csv": _governance("governance-csv"),
    "governance-pdf": _governance("governance-pdf"),
    "referral-review": on_referral("referral-review"),
    "case-detail": on_case("case-detail"),
    "notification-list": plain("notification-list"),
    "case-transfer": on_case("case-transfer"),
    "case-close": on_case("case-close"),
    "case-workers": on_case("case-workers"),
    "case-processes": on_case("case-processes"),
    "case-process-end": _process_link,
    "case-needs": on_case("case-needs"),
    "case-outcome": lambda s, w: reverse("case-outcome", args=[s.case.pk, s.meeting.pk]) if s.meeting else None,
    "case-worker-end": _keyworker_grant,
    "transfer-detail": on_transfer("transfer-detail"),
    "transfer-accept": on_transfer("transfer-accept"),
    "transfer-pack": on_transfer("transfer-pack"),
    "referral-list": plain("referral-list"),
    "case-list": plain("case-list"),
    "referral-start": plain("referral-start"),
    "referral-detail": on_referral("referral-detail"),
    "referral-tasks": on_referral("referral-tasks"),
    "referral-check": on_referral("referral-check"),
    "referral-send": on_referral("referral-send"),
    "referral-receive": on_referral("referral-receive"),
    "referral-return": on_referral("referral-return"),
    "referral-return-to-drafter": on_referral("referral-return-to-drafter"),
    "referral-delete": on_referral("referral-delete"),
    "referral-people": on_referral("referral-people", "perpetrators"),
    "referral-person-link": _link_url,
    "referral-person-add": on_referral("referral-person-add", "perpetrators"),
    "referral-person": _referral_person_url("referral-person"),
    "referral-person-remove": _referral_person_url("referral-person-remove"),
    "referral-section": on_referral("referral-section", "victim"),
    "conflict-declare": on_case("conflict-declare"),
    "meeting-list": plain("meeting-list"),
    "meeting-add": plain("meeting-add"),
    "meeting-detail": on_meeting("meeting-detail"),
    "meeting-circulate": on_meeting("meeting-circulate"),
    "agenda-recirculate": on_meeting("agenda-recirculate"),
    "meeting-invite": on_meeting("meeting-invite"),
    "agenda-suggested-order": on_meeting("agenda-suggested-order"),
    "meeting-move": on_meeting("meeting-move"),
    "meeting-cancel": on_meeting("meeting-cancel"),
    "meeting-attendance": on_meeting("meeting-attendance"),
    "conflict-withdraw": _conflict_withdraw,
    "agenda-move": on_item("agenda-move"),
    "agenda-item": on_item("agenda-item"),
    "item-interim": on_item("item-interim"),
    "agenda-reschedule": on_item("agenda-reschedule"),
    "live-start": on_meeting("live-start"),
    "live-item": on_item("live-item"),
    "live-open": on_item("live-open"),
    "live-share": on_item("live-share"),
    "live-decisions": on_item("live-decisions"),
    "live-action-add": on_item("live-action-add"),
    "live-action-edit": _on_item_action("live-action-edit"),
    "live-action-remove": _on_item_action("live-action-remove"),
    "meeting-minutes": on_meeting("meeting-minutes"),
    "agenda-pdf": on_meeting("agenda-pdf"),
    "minutes-pdf": on_meeting("minutes-pdf"),
    "people-search": plain("people-search"),
    "research-tracker": on_meeting("research-tracker"),
    "research-remind": on_meeting("research-remind"),
    "research-item": on_item("research-item"),
    "research-action": on_item("research-action"),
    "research-agency-action": on_item("research-agency-action"),
    "survivor-voice": on_item("survivor-voice"),
    "person-pattern": _pattern,
    "action-list": plain("action-list", "?show=all"),
    "reminder-preference": plain("reminder-preference"),
    "action-export-csv": plain("action-export-csv", "?show=all"),
    "action-export-pdf": plain("action-export-pdf", "?show=all"),
    "action-detail": on_action("action-detail"),
    "case-plan": on_case("case-plan"),
}


def _due() -> str:
    return (timezone.localdate() + timedelta(days=14)).isoformat()


def _police(w: MatrixWorld) -> int:
    return w.agencies["police"].pk


# Minimal valid-ish bodies: enough for an allowed user's write to reach the service (a form error,
# 400, still shows the user was let in). Routes not named here are posted with an empty body.
BODIES: dict[str, Body] = {
    "case-transfer": lambda s, w: {"to_area": w.other_area.pk, "note": "She has moved."},
    "case-outcome": lambda s, w: {"told": "on"},
    "case-workers": lambda s, w: {"kind": "keyworker", "keyworker-worker": w.users["practitioner"].pk},
    "case-needs": lambda s, w: {"kind": "lgbt", "version_lgbt": "0"},
    "conflict-declare": lambda s, w: {"connection": "knows"},
    "conflict-withdraw": lambda s, w: {"reason": "Declared in error."},
    "referral-return": lambda s, w: {"reason": "Please add the incident date."},
    "referral-return-to-drafter": lambda s, w: {"note": "Please add the incident date."},
    "referral-review": lambda s, w: {"inappropriate": "yes", "feedback": "See the criteria."},
    "referral-start": lambda s, w: {"area": w.area.pk},
    "referral-section": lambda s, w: {"given_names": "Ava", "family_name": "Matrixvictim", "action": "later"},
    "referral-person-add": lambda s, w: {"given_names": "Ben", "family_name": "Matrixharm"},
    "referral-person": lambda s, w: {"given_names": "Ben", "family_name": "Matrixharm"},
    "meeting-add": lambda s, w: {
        "area": w.area.pk,
        "day": (timezone.localdate() + timedelta(days=40)).isoformat(),
        "start_time": "14:00",
        "planned_minutes": "60",
    },
    "meeting-invite": lambda s, w: {"agencies": [_police(w)]},
    "agenda-move": lambda s, w: {"direction": "down"},
    "agenda-item": lambda s, w: {"minutes": "15"},
    "live-share": lambda s, w: {"agency": _police(w), "stage": "pattern", "text": "He tracked her phone."},
    "live-decisions": lambda s, w: {"decisions": "Refer to housing.", "action": "save"},
    "live-action-add": lambda s, w: {
        "description": "Visit the survivor to review the safety plan.",
        "owner_agency": _police(w),
        "focus": "survivor",
        "due_date": _due(),
    },
    # A version no longer current: let in, the removal is refused (409) and the world's action kept.
    "live-action-remove": lambda s, w: {"version": "0"},
    "research-item": lambda s, w: {"stage": "pattern", "text": "Known to us.", "lawful_basis": "safeguarding"},
    "research-action": lambda s, w: {"action": "not_known"},
    "survivor-voice": lambda s, w: {"contact_made": "true", "views_and_wishes": "She wants to stay at home."},
    "action-detail": lambda s, w: {"status": "in_progress", "note": "Visited."},
    "people-search": lambda s, w: {"family_name": "Testvictim"},
    "reminder-preference": lambda s, w: {"mode": "each"},
}

# The If-Match the API's writes send: the current version of what they change (marac.versioning), read afresh.
IF_MATCH: dict[str, Callable[[Situation, MatrixWorld], str | None]] = {
    "api-action-updates": lambda s, w: _current_etag(s.action),
    "api-attendance": lambda s, w: _current_etag(s.meeting),
    "api-circulate": lambda s, w: _current_etag(s.meeting),
}


def _current_etag(obj: Any) -> str | None:
    if obj is None:
        return None
    version = type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)
    return f'"{version}"'


# JSON bodies for the API's writes.
JSON_BODIES: dict[str, Body] = {
    "api-action-updates": lambda s, w: {"status": "in_progress", "note": "Visited."},
    "api-attendance": lambda s, w: {"agency": _police(w), "status": "present", "attendee_names": "A rep"},
    "api-circulate": lambda s, w: {},
    "api-referrals": lambda s, w: {"area": w.area.pk},
}
