"""The pages the benchmark measures, and one verified session per role to
request them with (in-process, after ``django.setup()``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, OuterRef, Subquery
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.common import Target
from cases.models import AgendaItem, Case, Meeting, MeetingStatus, PartyRole, Referral, ReferralStatus
from marac.models import AgencyKind, MaracArea, Membership, Role, User
from marac.outbox.models import DUE, MessageKind, OutboxMessage
from marac.outbox.selectors import warn_after_attempts
from marac.versioning import fingerprint


def sessions_and_targets() -> tuple[dict[str, str], str, list[Target], dict[str, Any]]:
    """One verified session per role, and the pages to measure."""
    big = MaracArea.objects.order_by("id").first()
    assert big is not None
    users = _users(big)
    cookies, csrf = _sessions(users)
    # The city's next meeting (tomorrow: circulated, research in) and its last held one.
    upcoming = _largest_meeting(big, [MeetingStatus.CIRCULATED, MeetingStatus.SCHEDULED], newest=False)
    held = _largest_meeting(big, [MeetingStatus.HELD], newest=True)
    items = list(upcoming.items.order_by("position"))
    case = _longest_history(upcoming)
    victim = case.victim
    perpetrator = case.parties.filter(role=PartyRole.PERPETRATOR).select_related("person").first()
    facts = {
        "area": big.name,
        "agenda_cases": len(items),
        "minutes_cases": held.items.count(),
        "case_history": getattr(case, "n", 0),
        "case_referrals": case.referrals.count(),
        "search_terms": "a victim's given and family names",
    }
    targets = [
        Target("Hello (signed in)", "coordinator", "/bench/hello/", kind="hello"),
        Target("Hello (anonymous)", "coordinator", "/bench/hello-anonymous/", kind="hello"),
    ]
    targets += [Target(f"Home: {label}", label, "/") for label in users if label != "national governance"]
    targets += _case_and_meeting_pages(case, upcoming, items[len(items) // 2], len(items))
    targets += [
        Target(
            "People search",
            "coordinator",
            "/people/search/",
            "POST",
            {"family_name": victim.family_name, "given_names": victim.given_names},
            "p95 < 100 ms",
            100,
        ),
        Target("My agency's actions", "representative", "/actions/", target="p95 < 150 ms", limit_ms=150),
        *_case_lists(big),
        Target("Research tracker", "coordinator", f"/meetings/{upcoming.pk}/research/"),
        Target("Meetings list", "coordinator", "/meetings/"),
        Target("Move a meeting (form)", "coordinator", f"/meetings/{upcoming.pk}/move/"),
        Target("Cancel a meeting (form)", "coordinator", f"/meetings/{upcoming.pk}/cancel/"),
        Target("Referrals list", "coordinator", "/referrals/"),
        Target("Person pattern", "coordinator", f"/people/{perpetrator.person_id}/pattern/" if perpetrator else "/"),
        Target("Governance: one area", "governance", f"/governance/?area={big.pk}", target="< 1 s", limit_ms=1000),
        Target("Governance: all areas", "national governance", "/governance/?area=all", target="< 3 s", limit_ms=3000),
        _outcome_page(users["practitioner"], held),
        Target("Referrals list (the practitioner's own, every step)", "practitioner", "/referrals/"),
        *_handoff_pages(users["practitioner"]),
        _undelivered_messages(big, users["representative"]),
        *_pdfs(upcoming, held, len(items)),
        *_api_endpoints(upcoming),
    ]
    return cookies, csrf, targets, facts


def _users(big: MaracArea) -> dict[str, User]:
    """A user for each role (in the city area, but the national governance lead)."""

    def member(role: str, **extra: Any) -> User:
        membership = (
            Membership.objects.filter(area=big, role=role, **extra).select_related("user").order_by("id").first()
        )
        assert membership is not None, role
        return membership.user

    return {
        "coordinator": member(Role.COORDINATOR),
        "chair": member(Role.CHAIR),
        "representative": member(Role.REPRESENTATIVE, user__agency__kind=AgencyKind.POLICE),
        "practitioner": member(Role.PRACTITIONER),
        "IDAA": member(Role.IDAA),
        "governance": member(Role.GOVERNANCE, user__email__startswith="governance." + big.code.lower()),
        "national governance": User.objects.get(email__startswith="governance.national"),
        "administrator": member(Role.ADMINISTRATOR),
    }


def _sessions(users: dict[str, User]) -> tuple[dict[str, str], str]:
    """A verified session (second factor done) for each user: their cookies, and the CSRF token they share."""
    cookies: dict[str, str] = {}
    csrf = _get_new_csrf_string()
    for label, user in users.items():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Benchmark", confirmed=True
        )
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        cookies[label] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return cookies, csrf


def _largest_meeting(big: MaracArea, statuses: list[str], newest: bool) -> Meeting:
    """The first (or newest) regular meeting in ``statuses`` with cases on its agenda."""
    meeting = (
        Meeting.objects.filter(area=big, status__in=statuses, is_extra=False)
        .annotate(n=Count("items"))
        .filter(n__gt=0)
        .order_by("-date" if newest else "date")
        .first()
    )
    assert meeting is not None, statuses
    return meeting


def _longest_history(upcoming: Meeting) -> Case:
    """The case on that agenda with the longest history (its agenda items, as ``n``)."""
    history = AgendaItem.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("id"))
    case = (
        Case.objects.filter(agenda_items__meeting=upcoming)
        .annotate(n=Subquery(history.values("n")))
        .order_by("-n", "id")
        .first()
    )
    assert case is not None
    return case


def _case_and_meeting_pages(case: Case, upcoming: Meeting, item: AgendaItem, agenda_cases: int) -> list[Target]:
    return [
        Target("Case page", "coordinator", f"/cases/{case.pk}/", target="p95 < 150 ms", limit_ms=150),
        Target("Case action plan", "coordinator", f"/cases/{case.pk}/plan/", target="p95 < 150 ms", limit_ms=150),
        Target("Case needs", "coordinator", reverse("case-needs", args=[case.pk]), target="p95 < 150 ms", limit_ms=150),
        Target(
            "Case's other processes", "coordinator", f"/cases/{case.pk}/processes/", target="p95 < 150 ms", limit_ms=150
        ),
        Target(
            "Case action plan (representative)",
            "representative",
            f"/cases/{case.pk}/plan/",
            target="p95 < 150 ms",
            limit_ms=150,
        ),
        Target(
            f"Agenda of {agenda_cases} cases",
            "coordinator",
            f"/meetings/{upcoming.pk}/",
            "GET",
            None,
            "p95 < 150 ms",
            150,
        ),
        Target(
            "Live meeting view",
            "chair",
            f"/meetings/{upcoming.pk}/live/{item.pk}/",
            target="p95 < 150 ms",
            limit_ms=150,
        ),
        Target(
            "Interim measures of a case",
            "coordinator",
            f"/meetings/{upcoming.pk}/items/{item.pk}/interim/",
            target="p95 < 150 ms",
            limit_ms=150,
        ),
        *_live_saves(upcoming, item),
    ]


def _live_saves(upcoming: Meeting, item: AgendaItem) -> list[Target]:
    return [
        # The live meeting's saves in place (htmx answers with that region of the page alone): the decisions
        # saved as they are (the same text each time, so every request saves), and information shared (each
        # request adds a row to the case, as a minute-taker does).
        Target(
            "Live meeting: decisions saved in place",
            "chair",
            reverse("live-decisions", args=[upcoming.pk, item.pk]),
            "POST",
            {"decisions": item.decisions, "version": fingerprint(item.decisions), "action": "save"},
            "p95 < 100 ms",
            100,
            headers={"HX-Request": "true"},
        ),
        Target(
            "Live meeting: information shared in place",
            "chair",
            reverse("live-share", args=[upcoming.pk, item.pk]),
            "POST",
            {"agency": str(_police(upcoming)), "stage": "pattern", "text": "Officers attended twice this week."},
            "p95 < 100 ms",
            100,
            headers={"HX-Request": "true"},
        ),
        # What the page's script sends as the chair types (marac/drafts/): kept, 204.
        Target(
            "Draft kept while typing",
            "chair",
            "/drafts/",
            "POST",
            {
                "page": f"/meetings/{upcoming.pk}/live/{item.pk}/",
                "field": f"/meetings/{upcoming.pk}/live/{item.pk}/decisions/#decisions",
                "text": "Police to apply for a non-harassment order; housing to fit a second lock.",
            },
            "p95 < 100 ms",
            100,
        ),
        # What the page's script reads as the live page loads, to put back what was typed and not saved.
        Target(
            "Drafts restored on load",
            "chair",
            f"/drafts/?page=/meetings/{upcoming.pk}/live/{item.pk}/",
            target="p95 < 100 ms",
            limit_ms=100,
        ),
    ]


def _police(meeting: Meeting) -> int:
    """An agency invited to ``meeting`` (police, if invited), to share information at it."""
    agencies = meeting.invited_agencies.order_by("-kind", "id")
    chosen = agencies.filter(kind=AgencyKind.POLICE).first() or agencies.first()
    assert chosen is not None
    return chosen.pk


def _handoff_pages(practitioner: User) -> list[Target]:
    """Deleting one of the practitioner's drafts (the confirmation page), if the data has one."""
    draft = Referral.objects.filter(drafted_by=practitioner, status=ReferralStatus.DRAFT).order_by("pk").first()
    if draft is None:
        return []
    return [Target("Delete a draft referral (confirmation)", "practitioner", f"/referrals/{draft.public_id}/delete/")]


def _outcome_page(practitioner: User, held: Meeting) -> Target:
    """The outcome page a referrer opens from the email: the newest hearing of a case the practitioner
    referred (else, seen by the coordinator, the first case of the last meeting held)."""
    item = (
        AgendaItem.objects.filter(
            meeting__status=MeetingStatus.HELD,
            case__referrals__drafted_by=practitioner,
            case__referrals__status=ReferralStatus.RECEIVED,
        )
        .order_by("-meeting__date", "id")
        .first()
    )
    if item is None:
        first = held.items.order_by("position", "id").first()
        assert first is not None
        return Target("Outcome page", "coordinator", f"/cases/{first.case_id}/outcome/{held.pk}/", limit_ms=150)
    path = f"/cases/{item.case_id}/outcome/{item.meeting_id}/"
    return Target("Outcome page", "practitioner", path, target="p95 < 150 ms", limit_ms=150)


def _case_lists(big: MaracArea) -> list[Target]:
    """The coordinator's case list: as it opens (the open cases, newest referral first), and with every
    filter at once, sorted by the date last heard (the widest EXISTS work per row)."""
    filtered = f"?area={big.pk}&repeat=yes&children=yes&outstanding=yes&days=30&sort=last-heard&order=asc"
    return [
        Target("Case list", "coordinator", "/cases/", target="p95 < 150 ms", limit_ms=150),
        Target("Case list: every filter", "coordinator", f"/cases/{filtered}", target="p95 < 150 ms", limit_ms=150),
        Target("Case list: every status, page 20", "coordinator", f"/cases/?{_ALL}&sort=reference&page=20"),
    ]


_ALL = "&".join(f"status={status}" for status in ("referred", "listed", "heard", "closed", "transferred_out"))


def _undelivered_messages(big: MaracArea, recipient: User, count: int = 25) -> Target:
    """The coordinator's "messages not delivered" page, with ``count`` messages of the city area that have failed
    as often as the warning needs (made once, kept with the data set; their next try an hour ahead of the run that
    made them, and no sender runs in the benchmark)."""
    failing = OutboxMessage.objects.filter(DUE, area=big, attempts__gte=warn_after_attempts())
    missing = count - failing.count()
    if missing > 0:
        now = timezone.now()
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                kind=MessageKind.NOTICE,
                recipient=recipient,
                area=big,
                subject="MARAC: a new notice",
                body="There is a new notice for you in MARAC case management.",
                created_at=now - timedelta(hours=2),
                next_attempt_at=now + timedelta(minutes=59),
                attempts=warn_after_attempts(),
                last_attempt_at=now,
                last_error="SMTPServerDisconnected",
            )
            for _ in range(missing)
        )
    return Target(f"Messages not delivered ({failing.count()})", "coordinator", reverse("outbox-undelivered"))


def _pdfs(upcoming: Meeting, held: Meeting, agenda_cases: int) -> list[Target]:
    return [
        Target(
            f"Agenda PDF ({agenda_cases} cases)",
            "coordinator",
            f"/meetings/{upcoming.pk}/agenda.pdf",
            target="< 5 s",
            limit_ms=5000,
            kind="pdf",
        ),
        Target(
            f"Minutes PDF ({held.items.count()} cases)",
            "coordinator",
            f"/meetings/{held.pk}/minutes.pdf",
            target="< 5 s",
            limit_ms=5000,
            kind="pdf",
        ),
    ]


def _api_endpoints(upcoming: Meeting) -> list[Target]:
    return [
        Target("API: my agency's actions", "representative", "/api/v1/actions/"),
        Target("API: agenda", "coordinator", f"/api/v1/meetings/{upcoming.pk}/agenda/"),
        Target("API: referrals", "coordinator", "/api/v1/referrals/"),
        Target("API: governance figures, all areas", "national governance", "/api/v1/governance/figures/?area=all"),
    ]
