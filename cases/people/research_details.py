"""The details an invited agency needs to search its own records for the people in the cases on an
agenda: names, other names, dates of birth, gender, the children, and the victim's address where the
restricted-details rule lets the reader see it; with the referral's reasons, and whether the reader
may open the referral itself.

The people are those on the case's latest received referral: the referrer's description of the
household as it is now (a case's parties gather everyone named on any of its referrals, and hold no
address). Which cases are decided by ``agenda_items_for_user``, the agenda's own rule: a case the
reader may not see on the agenda (a conflict of interest declared, a case they are not named on)
has no details here.

Three queries whatever the number of cases and people: the latest referrals, their people, and
which of them the reader may open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.formats import date_format

from cases.meetings.selectors import agenda_items_for_user
from cases.models import Case, CaseParty, Meeting, PartyRole, Referral, ReferralPerson, ReferralStatus
from cases.referrals.criteria import Reason
from cases.referrals.selectors import may_see_contact, referrals_for_user
from cases.referrals.summary import people_in_order
from marac.models import User

NOT_KNOWN = "Not known"
# Shown in place of the address to readers the restricted-details rule leaves out.
ADDRESS_WITHHELD = "Not shared with your agency: the referring agency and the MARAC coordinator hold it"

_PERSON_FIELDS = (
    "id",
    "referral_id",
    "role",
    "position",
    "given_names",
    "family_name",
    "aliases",
    "date_of_birth",
    "expected_due_date",
    "gender",
    "address",
    "postcode",
)


@dataclass(frozen=True)
class PersonDetails:
    role: str  # "Victim or survivor", "Person causing harm", "Child", "Other household member"
    name: str
    other_names: list[str]
    born: str  # "12 March 1990 (age 36)", "Unborn, due 3 May 2027" or "Not known"
    gender: str
    address: str  # empty: no address row; ADDRESS_WITHHELD for readers the rule leaves out


@dataclass(frozen=True)
class CaseDetails:
    case_id: int
    referral: Referral
    reasons: list[str]  # the referral's criteria in plain words
    people: list[PersonDetails]
    may_open_referral: bool

    @property
    def children(self) -> list[PersonDetails]:
        return [person for person in self.people if person.role == PartyRole.CHILD.label]


def born(person: ReferralPerson, today: date | None = None) -> str:
    """A date of birth with the age today, or an unborn child's due date."""
    today = today or timezone.localdate()
    if person.date_of_birth:
        dob = person.date_of_birth
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        return f"{date_format(dob, 'j F Y')} (age {age})"
    if person.expected_due_date:
        return f"Unborn, due {date_format(person.expected_due_date, 'j F Y')}"
    return NOT_KNOWN


def _address(person: ReferralPerson, contact: bool) -> str:
    if person.role != PartyRole.VICTIM and not (person.address or person.postcode):
        return ""
    if not contact:
        return ADDRESS_WITHHELD if person.role == PartyRole.VICTIM else ""
    lines = [line.strip() for line in person.address.splitlines()]
    return ", ".join(part for part in (*lines, person.postcode.strip()) if part) or NOT_KNOWN


def _person(person: ReferralPerson, contact: bool, today: date) -> PersonDetails:
    return PersonDetails(
        role=PartyRole(person.role).label,
        name=person.display_name,
        other_names=[alias for alias in person.aliases if alias.strip()],
        born=born(person, today),
        gender=person.get_gender_display() if person.gender else NOT_KNOWN,
        address=_address(person, contact),
    )


_REASONS = {reason.value: reason.label for reason in Reason}


def _reasons(referral: Referral) -> list[str]:
    return [_REASONS[value] for value in referral.reasons if value in _REASONS]


def research_details_for(
    user: User, meeting: Meeting, *, item_ids: Iterable[int] | None = None
) -> dict[int, CaseDetails]:
    """The details of each case on ``meeting``'s agenda the user may see (of the items ``item_ids``
    only, when given), by case id."""
    items = agenda_items_for_user(meeting, user)
    if item_ids is not None:
        items = items.filter(pk__in=list(item_ids))
    people = ReferralPerson.objects.only(*_PERSON_FIELDS)
    referrals = list(
        Referral.objects.filter(status=ReferralStatus.RECEIVED, case_id__in=items.values("case_id"))
        .select_related("referring_agency")
        .only("id", "public_id", "case", "area", "drafted_by", "referring_agency__name", "reasons", "submitted_at")
        .prefetch_related(Prefetch("people", queryset=people))
        .order_by("case_id", F("submitted_at").desc(nulls_last=True), "-id")
        .distinct("case_id")
    )
    openable = (
        set(referrals_for_user(user).filter(pk__in=[r.pk for r in referrals]).values_list("pk", flat=True))
        if referrals
        else set()
    )
    today = timezone.localdate()
    details = {}
    for referral in referrals:
        assert referral.case_id is not None
        contact = may_see_contact(user, referral)
        details[referral.case_id] = CaseDetails(
            case_id=referral.case_id,
            referral=referral,
            reasons=_reasons(referral),
            people=[_person(person, contact, today) for person in people_in_order(referral)],
            may_open_referral=referral.pk in openable,
        )
    return details


def has_children(case: Case) -> bool:
    """Whether ``case`` names a child (one query), the one answer to "are there children?": the agenda's
    suggested order, the chair's gaps and an agency saying it does not know the case (asked whether it
    searched for the children too). Receiving a referral names its children on the case."""
    return CaseParty.objects.filter(case=case, role=PartyRole.CHILD).exists()
