"""The worlds of the query budgets (tests/test_query_budgets.py).

``build_world(n)`` builds one MARAC area through the services, as the pages
would, with ``n`` of every row the pages list: cases on the agenda and people in
each case, referrals on a case and referrals waiting in each list, research
entries per PPMT stage, information shared at the meeting, actions and their
updates, invited agencies and their attendance, language prompts,
notifications, meetings, MARAC areas and audit events. Two worlds of the same
shape and different ``n`` must give every page the same number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from actions.models import Action
from cases.models import AgendaItem, Case, Meeting, Notification, PartyRole, Person, Referral
from marac import audit
from marac.models import AuditVerb, MaracArea, User
from tests.api_tokens import make_token
from tests.query_budget_world.meetings import hold_last_meeting, more_areas, more_meetings, prepare_next_meeting
from tests.query_budget_world.needs import add_needs
from tests.query_budget_world.referrals import make_referrals
from tests.query_budget_world.setting import make_setting
from tests.query_budget_world.statuses import add_status_history, make_closable
from tests.referral_helpers import fresh


@dataclass
class World:
    """One MARAC area and what its pages list, ``n`` of each."""

    n: int
    area: MaracArea
    users: dict[str, User]
    tokens: dict[str, str]
    case: Case  # on every meeting, with n referrals and n - 1 children
    perpetrator: Person  # causing harm in every case, with n aliases
    last_meeting: Meeting  # held two weeks ago: attendance recorded, minutes distributed
    next_meeting: Meeting  # circulated, research open
    item: AgendaItem  # the case on the next meeting: research, voice, shared information, actions
    received: Referral  # the case's first referral
    repeat: Referral  # the case's latest referral, a repeat of the n - 1 before it
    submitted: Referral  # waiting for the coordinator to receive it: n + 1 people to match
    draft: Referral  # the practitioner's draft: n + 1 people to match on the check page
    action: Action  # owned by police, with n updates
    closable: Case  # heard at the last meeting, with n open actions and n changes in its status history
    quarter: str  # the quarter the last meeting was held in


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def build_world(n: int) -> World:
    """The world of size ``n``, built through the services as the pages would."""
    s = make_setting(n)
    referrals = make_referrals(s)
    received = referrals["received"]
    cases = [referral.case for referral in received if referral.case is not None]
    last_meeting, action = hold_last_meeting(s, cases, received)
    item = prepare_next_meeting(s, cases[0])
    add_status_history(s, cases[0], item.meeting)
    add_needs(s, item.meeting)
    closable = make_closable(s, cases[1], last_meeting)
    more_meetings(s, cases)
    more_areas(s)
    for user in s.users.values():  # notifications and sign-ins for everyone
        for k in range(n):
            Notification.objects.create(user=user, message=f"Notice {k}", link="/", dedupe_key=f"budget-{k}")
            audit.record(actor=user, verb=AuditVerb.SIGN_IN)
    return World(
        n=n,
        area=s.area,
        users=s.users,
        tokens={key: make_token(s.users[key])[1] for key in ("representative", "governance")},
        case=cases[0],
        perpetrator=Person.objects.get(case_parties__case=cases[0], case_parties__role=PartyRole.PERPETRATOR),
        last_meeting=last_meeting,
        next_meeting=item.meeting,
        item=item,
        received=received[0],
        repeat=fresh(referrals["repeats"][-1]),
        submitted=referrals["submitted"][0],
        draft=referrals["drafts"][0],
        action=action,
        closable=closable,
        quarter=_quarter(s.held_on),
    )
