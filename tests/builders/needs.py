"""Needs on a case and agencies invited to one case, through the services (``cases.needs``).

need_on(case, NeedKind.INTERPRETER, by=coordinator, detail="Tigrinya")
invited_to_case(case, specialist, by=coordinator)
"""

from __future__ import annotations

from cases.models import Case, CaseInvitation, CaseNeed, NeedKind
from cases.needs import services
from marac.models import Agency, User


def need_on(case: Case, kind: NeedKind, *, by: User, detail: str = "", harm_by_carer: bool = False) -> CaseNeed:
    return services.need_set(actor=by, case=case, kind=kind, detail=detail, harm_by_carer=harm_by_carer, version=None)


def invited_to_case(case: Case, agency: Agency, *, by: User, for_need: str = "") -> CaseInvitation:
    return services.case_invite(actor=by, case=case, agency_id=agency.pk, for_need=for_need)
