"""The place the stale editors work in: one MARAC area with its next meetings, and its people."""

from __future__ import annotations

from dataclasses import dataclass

from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, CaseParty, Meeting, PartyRole
from marac.models import Agency, AgencyKind, MaracArea, Role, User
from tests.builders.meetings import start_on_its_day
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    MaracAreaFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)


@dataclass
class Place:
    area: MaracArea
    police: Agency
    housing: Agency
    idaa_service: Agency
    specialist: Agency
    coordinator: User
    chair: User
    police_rep: User
    police_rep_2: User
    idaa: User
    practitioner: User
    meetings: list[Meeting]  # the area's next meetings, soonest first, all scheduled

    def meeting_with_cases(self, index: int, cases: int = 1) -> Meeting:
        meeting = self.meetings[index]
        for position in range(1, cases + 1):
            case = CaseFactory(area=self.area)
            CaseParty.objects.create(case=case, person=PersonFactory(given_names="Harm"), role=PartyRole.PERPETRATOR)
            AgendaItem.objects.create(meeting=meeting, case=case, position=position)
        return meeting

    def circulated(self, index: int = 0) -> Meeting:
        meeting = self.meeting_with_cases(index)
        meeting_services.agenda_circulate(user=self.coordinator, meeting=meeting, expected_version=None)
        return meeting

    def running(self, index: int = 0) -> Meeting:
        meeting = self.circulated(index)
        return start_on_its_day(meeting, by=self.coordinator)


def _member(role: str, area: MaracArea, agency: Agency | None = None) -> User:
    user = UserFactory(agency=agency) if agency is not None else UserFactory()
    MembershipFactory(user=user, area=area, role=role)
    return user


def make_place() -> Place:
    police = AgencyFactory(name="Police (stale)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (stale)", kind=AgencyKind.HOUSING)
    idaa_service = AgencyFactory(name="IDAA service (stale)", kind=AgencyKind.IDAA)
    specialist = AgencyFactory(name="Specialist (stale)", kind=AgencyKind.SPECIALIST)
    area = MaracAreaFactory(meetings_ahead=3)
    area.core_agencies.set([police, housing, idaa_service])
    meeting_schedule.meetings_schedule_ahead(area)
    return Place(
        area=area,
        police=police,
        housing=housing,
        idaa_service=idaa_service,
        specialist=specialist,
        coordinator=_member(Role.COORDINATOR, area),
        chair=_member(Role.CHAIR, area),
        police_rep=_member(Role.REPRESENTATIVE, area, police),
        police_rep_2=_member(Role.REPRESENTATIVE, area, police),
        idaa=_member(Role.IDAA, area, idaa_service),
        practitioner=_member(Role.PRACTITIONER, area, police),
        meetings=list(Meeting.objects.filter(area=area).order_by("date")),
    )
