"""The survivors' needs on every case of the next meeting, and the specialist services they suggest:
n honour-based abuse services with a representative in the area (not invited to the meetings), one of
them invited to the first case alone (cases.needs)."""

from __future__ import annotations

from cases.models import Meeting, NeedKind
from marac.models import AgencyKind, Role
from tests.builders import invited_to_case, need_on
from tests.factories import AgencyFactory
from tests.query_budget_world.setting import Setting
from tests.referral_helpers import member


def add_needs(s: Setting, meeting: Meeting) -> None:
    services = [
        AgencyFactory(name=f"Honour-based abuse service {k} ({s.area.code})", kind=AgencyKind.HONOUR_BASED_ABUSE)
        for k in range(s.n)
    ]
    for service in services:
        member(Role.REPRESENTATIVE, s.area, agency=service)
    rep = s.users["representative"]
    items = list(meeting.items.select_related("case").order_by("position"))
    for item in items:
        need_on(item.case, NeedKind.HONOUR_BASED_ABUSE, by=rep)
        need_on(item.case, NeedKind.INTERPRETER, by=rep, detail="Punjabi")
        need_on(item.case, NeedKind.DISABILITY, by=rep, harm_by_carer=True)
    invited_to_case(items[0].case, services[0], by=s.coordinator, for_need=NeedKind.HONOUR_BASED_ABUSE)
