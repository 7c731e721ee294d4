"""The expected outcome of every route, for every persona and situation: THE table.

One row per URL name: the situations it is requested in (``NONE`` for a route
that names no object), and per persona the outcome class (``personas.py``) for
GET and for POST, either one class or one per situation (``by(...)``).
Anonymous requests are expected to be sent to sign-in everywhere except the
public pages. The rules (the target; README "Roles"):

- the area's coordinator and chair: everything in their area, except a case the
  coordinator declared a conflict on (the ``conflict`` situation: 404);
- an invited agency's representative: the cases on circulated, running and held
  agendas (case page, research and its write), their agency's referrals and
  actions; never the coordinator's pages (404);
- an uninvited agency's representative, governance, the administrator and users
  of another area: 404 for every case, item and referral of the area;
- a practitioner: their own referrals and the case page of one they drafted; a
  keyworker also that case's item pages and research; the allocated IDAA that
  case in full and its survivor's voice; the unallocated IDAA nothing of it (404).

A finding restricted to named agencies must appear to no persona (none of their
agencies is named): ``test_reads`` checks every page it reads in that situation.
"""

from __future__ import annotations

from tests.access_matrix.cells import (
    ACTIONS,
    CASES,
    HIDDEN,
    ITEMS,
    MEETINGS,
    NO_POST,
    NONE,
    OK,
    REFERRALS,
    REFUSED,
    SIGNIN,
    Row,
    acting,
    by,
    everyone,
    only,
    page,
    post_only,
)

# Who sees a case (its page, its pattern, declaring a conflict on it), by situation.
CASE_SEEN = only(
    coordinator=by(OK, conflict=HIDDEN),
    chair=OK,
    representative=by(OK, transferred=HIDDEN, expired=HIDDEN),
    conflicted=by(OK, transferred=HIDDEN, conflict=HIDDEN, expired=HIDDEN),
    practitioner=by(listed=OK),  # the case of a referral they drafted
    keyworker=by(listed=OK),
    idaa=by(listed=OK),
)
# The coordinator's and chair's pages (agenda building, running the meeting, receipt, closing).
COORDINATORS = only(coordinator=by(OK, conflict=HIDDEN), chair=OK)
CORRECTORS = only(coordinator=by(REFUSED, listed=OK, conflict=HIDDEN), chair=by(REFUSED, listed=OK, conflict=OK))
# Whoever sees a case's agenda item and its research (the page and the API).
ITEM_READERS = only(
    coordinator=by(OK, conflict=HIDDEN),
    chair=OK,
    representative=by(OK, expired=HIDDEN),
    conflicted=by(OK, conflict=HIDDEN, expired=HIDDEN),
    keyworker=by(listed=OK),
    idaa=by(listed=OK),
)
# Who sees the agenda (a meeting's page, its PDF, the API) and, once distributed, the minutes.
AGENDA_READERS = only(
    coordinator=OK,
    chair=OK,
    representative=OK,
    conflicted=OK,
    keyworker=by(listed=OK),  # the agenda with their case's row only
    idaa=by(listed=OK),
)
# Who sees an action owned by police: the police keyworker on that case too (their agency's action on
# their case); not the IDAA (another agency's action).
ACTION_READERS = only(
    coordinator=by(OK, conflict=HIDDEN),
    chair=OK,
    representative=by(OK, expired=HIDDEN),
    conflicted=by(OK, conflict=HIDDEN, expired=HIDDEN),
    keyworker=by(listed=OK),
)
ACTION_WRITERS = ACTION_READERS
# A case's action plan: its area's coordinators and chair; the representatives of agencies that attended
# the held meeting where its actions were agreed (all agencies' actions there), and anyone who follows
# one of their agency's actions on it (police own the listed, heard, closed and conflict cases' actions).
# Seeing the case but no action on it (restricted, transferred): 404.
PLAN_READERS = only(
    coordinator=by(OK, conflict=HIDDEN, transferred=HIDDEN),
    chair=by(OK, transferred=HIDDEN),
    representative=by(HIDDEN, listed=OK, heard=OK, closed=OK, conflict=OK),
    conflicted=by(HIDDEN, listed=OK, heard=OK, closed=OK),
    keyworker=by(listed=OK),  # police's action on the case they are named on
)
# Referral pages: the drafter and their agency's representatives; the MARAC once it is sent.
REFERRAL_READERS = only(
    coordinator=by(submitted=OK, listed=OK),
    chair=by(submitted=OK, listed=OK),
    representative=OK,
    conflicted=OK,
    practitioner=OK,
)  # the referral is the referring agency's and the MARAC's: not the people named on its case
REFERRAL_EDITORS = only(representative=OK, conflicted=OK, practitioner=OK)
# A referral that has been sent can no longer be edited: its editing pages send a reader back to it.
REFERRAL_FORMS = {**REFERRAL_EDITORS, "coordinator": by(submitted=OK), "chair": by(submitted=OK)}
# Editing a sent referral is refused to those who may read it (the form is not offered).
REFERRAL_EDITS = {
    **REFERRAL_EDITORS,
    "coordinator": by(submitted=REFUSED),
    "chair": by(submitted=REFUSED),
    "representative": by(OK, submitted=REFUSED),
    "conflicted": by(OK, submitted=REFUSED),
    "practitioner": by(OK, submitted=REFUSED),
}
GOVERNANCE_READERS = only(coordinator=OK, chair=OK, governance=OK, administrator=OK)
REFERRERS = everyone(OK, governance=HIDDEN, administrator=HIDDEN)


# The outcome of a hearing: whoever sees the case, for the meeting that heard it (the listed case's
# meeting is not held yet: 404). Its frontline record (POST) is the representatives' of an agency at the
# table; the coordinator and chair read it (their coordination service was not at the table: 403).
OUTCOME_READERS = only(
    coordinator=by(OK, listed=HIDDEN),
    chair=by(OK, listed=HIDDEN),
    representative=by(OK, listed=HIDDEN),
    conflicted=by(OK, listed=HIDDEN),
)
OUTCOME_RECORDERS = {
    **OUTCOME_READERS,
    "coordinator": by(REFUSED, listed=HIDDEN),
    "chair": by(REFUSED, listed=HIDDEN),
}
# The research page is the invited agency's form: its readers are the invited agencies' readers of the
# item. The coordinator and chair read all research on the research tracker, the live page and the API
# (ITEM_READERS), not on this form (their coordination service is not invited): 404.
AGENCY_FORM = {**ITEM_READERS, "coordinator": HIDDEN, "chair": HIDDEN}
# Research is written by the invited agencies' representatives, and by the keyworker and the allocated
# IDAA on the case they are named on.
RESEARCH_WRITERS = AGENCY_FORM
# The survivor's voice is read by the item's readers and written only by the IDAA allocated to the
# case (or a worker named for it); others who read it may not write it (403).
VOICE_WRITERS = {
    **ITEM_READERS,
    "coordinator": by(REFUSED, conflict=HIDDEN),
    "chair": REFUSED,
    "representative": by(REFUSED, expired=HIDDEN),
    "conflicted": by(REFUSED, conflict=HIDDEN, expired=HIDDEN),
    "keyworker": by(listed=REFUSED),
}
# The people named on a case (its workers page), and naming a keyworker: its coordinators and chair,
# and the representatives of the worker's agency; others who see the case may not (403). A case
# arriving from another area is not its receiving coordinators' yet.
NAMERS = {
    **CASE_SEEN,
    "coordinator": by(OK, conflict=HIDDEN, transferred=REFUSED),
    "chair": by(OK, transferred=REFUSED),
    "practitioner": by(listed=REFUSED),
    "keyworker": by(listed=REFUSED),
    "idaa": by(listed=REFUSED),
}
SEND = {
    **REFERRAL_EDITORS,
    "coordinator": by(submitted=REFUSED),
    "chair": by(submitted=REFUSED),
    "practitioner": by(OK, submitted=REFUSED),
}
# The coordinator receives, returns and reviews a sent referral; for no one else (404).
RECEIPT = only(coordinator=by(submitted=OK, listed=OK), chair=by(submitted=OK, listed=OK))
# The referrer links the people they describe to existing records; the coordinator at receipt.
LINKERS = {**REFERRAL_EDITORS, "coordinator": by(submitted=OK), "chair": by(submitted=OK)}
# An extra meeting is added by a coordinator or chair (of the area they choose: another's may too).
MEETING_ADDERS = only(coordinator=OK, chair=OK, other_coordinator=OK)
# Sending a case to another area: its coordinators and chair; a case arriving from another area is not
# theirs to send on (they see it: 403).
TRANSFER = {
    **COORDINATORS,
    "coordinator": by(OK, conflict=HIDDEN, transferred=REFUSED),
    "chair": by(OK, transferred=REFUSED),
}

# Coordinators' actions on what others see too: those others are refused (403), not hidden.
ON_ITEMS = acting(COORDINATORS, ITEM_READERS)
ON_MEETINGS = acting(COORDINATORS, AGENDA_READERS)
ON_CASES = acting(TRANSFER, CASE_SEEN)
ON_REFERRALS = acting(RECEIPT, REFERRAL_READERS)
# Returning a referral to its practitioner: the agency's representative, once it waits for their check (no
# situation here: tests/test_referral_handoff.py covers it); everyone who sees the referral is refused (403).
RETURN_TO_DRAFTER = acting(only(), REFERRAL_READERS)
# Deleting a draft: the practitioner who started it, while it has never been sent; others who see it: 403.
DELETE_DRAFT = acting(only(practitioner=by(draft=OK)), REFERRAL_READERS)
# Account pages: one's own tokens; the accounts an administrator or a representative manages.
# Every representative manages their own agency's accounts in their areas (each list shows only those).
ACCOUNT_MANAGERS = only(representative=OK, conflicted=OK, uninvited_rep=OK, other_rep=OK, administrator=OK)
# This area's police accounts (closing the practitioner's, the quarterly review): police's representatives here.
POLICE_HERE = only(representative=OK, conflicted=OK, administrator=OK)
# A police service account's tokens: police's representatives (of any area: the account is the agency's).
SERVICE_TOKENS = only(representative=OK, conflicted=OK, other_rep=OK)
# Undelivered emails: the coordinators (each sees their area's) and the system administrators.
OUTBOX_KEEPERS = only(coordinator=OK, other_coordinator=OK, administrator=OK)
PUBLIC_PAGE = Row(NONE, everyone(OK, anonymous=OK), everyone(NO_POST, anonymous=NO_POST), public=True)  # no write

TABLE: dict[str, Row] = {
    # Accounts and API tokens (tests/accounts/ and tests/test_api_tokens.py test who may do what).
    "token-list": page(NONE, everyone(OK)),
    "token-create": page(NONE, everyone(OK), everyone(OK)),
    "token-revoke": page(NONE, only(representative=OK), only(representative=OK)),
    "service-token-create": page(NONE, SERVICE_TOKENS, SERVICE_TOKENS),
    "account-list": page(NONE, ACCOUNT_MANAGERS),
    "account-invite": page(NONE, ACCOUNT_MANAGERS, ACCOUNT_MANAGERS),
    "invitation-resend": post_only(NONE, POLICE_HERE),
    "invitation-revoke": post_only(NONE, POLICE_HERE),
    "account-deactivate": page(NONE, POLICE_HERE, POLICE_HERE),
    "account-review": page(NONE, POLICE_HERE, POLICE_HERE),
    "invitation-accept": Row(NONE, everyone(HIDDEN, anonymous=HIDDEN), everyone(HIDDEN, anonymous=HIDDEN), public=True),
    "recovery-codes": page(NONE, everyone(OK), everyone(OK)),
    # Emails not delivered: each area's coordinators and the administrators (tests/test_outbox.py).
    "outbox-undelivered": page(NONE, OUTBOX_KEEPERS),
    "outbox-undelivered-retry": post_only(NONE, OUTBOX_KEEPERS),
    # Sign-in and public pages (the sign-in flow itself is tested in tests/test_auth.py).
    "sign-in": Row(NONE, everyone(OK, anonymous=OK), everyone(OK, anonymous=OK), public=True),
    "two-factor": page(NONE, everyone(OK), everyone(OK)),
    "two-factor-set-up": page(NONE, everyone(SIGNIN), everyone(SIGNIN), notes="verified users are sent back"),
    "sign-out": post_only(NONE, everyone(SIGNIN)),  # signed out, back to the sign-in page
    **dict.fromkeys(("accessibility", "privacy", "health"), PUBLIC_PAGE),
    "drafts": page(NONE, everyone(OK), everyone(OK)),  # one's own only (tests/test_drafts.py)
    "session-extend": post_only(NONE, everyone(OK)),
    # Pages of one's own (lists filtered by the selectors), the API's description.
    "home": page(NONE, everyone(OK)),
    "notification-list": page(NONE, everyone(OK), everyone(OK)),
    "reminder-preference": page(NONE, everyone(OK), everyone(OK)),
    "referral-list": page(NONE, everyone(OK)),
    # The coordinator's case list: the coordinators and chairs of an area (each sees their own areas' cases).
    "case-list": page(NONE, only(coordinator=OK, chair=OK, other_coordinator=OK)),
    "meeting-list": page(NONE, everyone(OK)),
    "action-list": page(NONE, everyone(OK)),
    "action-export-csv": page(NONE, everyone(OK)),
    "action-export-pdf": page(NONE, everyone(OK)),
    "api-schema": page(NONE, everyone(OK)),
    "api-docs": page(NONE, everyone(OK)),
    "api-meetings": page(NONE, everyone(OK)),
    "api-actions": page(NONE, everyone(OK)),
    "api-referrals": page(NONE, everyone(OK), everyone(OK), notes="POST: an incomplete referral, 400"),
    "referral-start": page(NONE, REFERRERS, REFERRERS),
    "meeting-add": page(NONE, MEETING_ADDERS, MEETING_ADDERS),
    "people-search": page(NONE, REFERRERS, REFERRERS),
    # Aggregates and administration.
    "governance-dashboard": page(NONE, GOVERNANCE_READERS),
    "governance-csv": page(NONE, GOVERNANCE_READERS),
    "governance-pdf": page(NONE, GOVERNANCE_READERS),
    "api-governance": page(NONE, GOVERNANCE_READERS),
    "audit-log": page(NONE, only(administrator=OK)),
    # Referrals.
    "referral-detail": page((*REFERRALS, "listed"), REFERRAL_READERS),
    "api-referral": page((*REFERRALS, "listed"), REFERRAL_READERS),
    **dict.fromkeys(("referral-tasks", "referral-check"), page(REFERRALS, REFERRAL_FORMS)),
    "referral-section": page(REFERRALS, REFERRAL_FORMS, REFERRAL_FORMS),
    "referral-people": page(REFERRALS, REFERRAL_FORMS),
    "referral-person-add": page(REFERRALS, REFERRAL_FORMS, REFERRAL_FORMS),
    "referral-person": page(REFERRALS, REFERRAL_FORMS, REFERRAL_FORMS),
    "referral-person-remove": post_only(REFERRALS, REFERRAL_EDITS),
    "referral-person-link": post_only(REFERRALS, LINKERS),
    "referral-send": post_only(REFERRALS, SEND),
    "referral-receive": post_only(REFERRALS, ON_REFERRALS),
    "referral-return": post_only(REFERRALS, ON_REFERRALS),
    "referral-review": post_only(("submitted", "listed"), ON_REFERRALS),
    "referral-return-to-drafter": page(REFERRALS, RETURN_TO_DRAFTER, RETURN_TO_DRAFTER),
    "referral-delete": page(REFERRALS, DELETE_DRAFT, DELETE_DRAFT),
    # Cases and transfers.
    **dict.fromkeys(("case-detail", "person-pattern"), page(CASES, CASE_SEEN)),
    # A case's needs: read by whoever sees the case, recorded by the agencies at it (as NAMERS; the named: 403).
    "case-needs": page(CASES, CASE_SEEN, NAMERS),
    "conflict-declare": page(CASES, CASE_SEEN, CASE_SEEN),
    # Transferring and closing: the area's coordinators and chair (a listed or closed case's page says why it
    # cannot be closed); a case arriving from another area is not theirs to close (403).
    **dict.fromkeys(("case-transfer", "case-close"), page(CASES, ON_CASES, ON_CASES)),
    # Who is named on a case, and its links to other processes: as those who name workers.
    **dict.fromkeys(("case-workers", "case-processes"), page(CASES, NAMERS, NAMERS)),
    "case-process-end": post_only(CASES, NAMERS),
    # The outcome of a hearing: whoever sees the case, for the meeting that heard it (the listed case's
    # meeting is not yet held: 404); its frontline record by the representatives of an agency at the table.
    "case-outcome": page(("listed", "heard", "closed"), OUTCOME_READERS, OUTCOME_RECORDERS),
    "case-plan": page(CASES, PLAN_READERS),  # read only: updates are on each action's own page
    "case-worker-end": post_only(("listed",), NAMERS),  # ends the keyworker's grant
    "transfer-detail": page(("transferred",), COORDINATORS),
    "transfer-accept": post_only(("transferred",), COORDINATORS),
    # The sending MARAC's minutes and action plans, read only: both areas' coordinators and chairs (the world's
    # transfer is pending into this area; the coordinator's conflict is on another case).
    "transfer-pack": page(("transferred",), COORDINATORS),
    # Meetings: the agenda, its building, attendance, the live meeting, minutes.
    "meeting-detail": page(MEETINGS, AGENDA_READERS),
    "agenda-pdf": page(MEETINGS, AGENDA_READERS),
    "api-agenda": page(MEETINGS, AGENDA_READERS),
    **dict.fromkeys(("meeting-circulate", "agenda-recirculate", "api-circulate"), post_only(MEETINGS, ON_MEETINGS)),
    "meeting-invite": post_only(MEETINGS, ON_MEETINGS),
    # The suggested order, moving and cancelling: the coordinators' and chairs'. A held meeting's forms
    # say why it can no longer be changed (200), and a post is refused with that reason (400).
    "agenda-suggested-order": post_only(MEETINGS, ON_MEETINGS),
    **dict.fromkeys(("meeting-move", "meeting-cancel"), page(MEETINGS, ON_MEETINGS, ON_MEETINGS)),
    "api-attendance": post_only(MEETINGS, ON_MEETINGS),
    "meeting-attendance": page(MEETINGS, COORDINATORS, COORDINATORS),
    "research-tracker": page(MEETINGS, COORDINATORS),
    "research-remind": post_only(MEETINGS, COORDINATORS),  # "Remind now": 404 to others, as the tracker
    "live-start": page(MEETINGS, COORDINATORS, COORDINATORS),
    "meeting-minutes": page(("heard",), AGENDA_READERS, COORDINATORS),
    "minutes-pdf": page(("heard",), AGENDA_READERS),
    "conflict-withdraw": page(("conflict",), only(chair=OK), only(chair=OK)),
    **dict.fromkeys(("agenda-item", "item-interim"), page(ITEMS, ON_ITEMS, ON_ITEMS)),
    **dict.fromkeys(("agenda-move", "agenda-reschedule"), post_only(ITEMS, ON_ITEMS)),
    "live-item": page(ITEMS, COORDINATORS),
    **dict.fromkeys(("live-open", "live-share", "live-decisions", "live-action-add"), post_only(ITEMS, COORDINATORS)),
    # Correcting an action agreed at a case of the meeting: until the minutes are approved (then 403).
    "live-action-edit": page(ACTIONS, CORRECTORS, CORRECTORS),
    "live-action-remove": post_only(ACTIONS, CORRECTORS),
    # Research and the survivor's voice.
    "research-item": page(ITEMS, AGENCY_FORM, RESEARCH_WRITERS),
    **dict.fromkeys(("research-action", "research-agency-action"), post_only(ITEMS, RESEARCH_WRITERS)),
    "api-item-research": page(ITEMS, ITEM_READERS),
    "survivor-voice": page(ITEMS, ITEM_READERS, VOICE_WRITERS),
    # Actions.
    "action-detail": page(ACTIONS, ACTION_READERS, ACTION_WRITERS),
    "api-action": page(ACTIONS, ACTION_READERS),
    "api-action-updates": post_only(ACTIONS, ACTION_WRITERS),
}

# The administration site (``admin:*`` routes): for the administrator only. Others are sent to its
# login page, which forwards to the service's sign-in (as for anonymous users).
ADMIN = page(NONE, everyone(SIGNIN, administrator=OK))
