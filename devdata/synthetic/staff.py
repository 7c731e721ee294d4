"""The synthetic world's users and their roles (see ``devdata.synthetic.world``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from faker import Faker

from marac.models import Agency, AgencyKind, MaracArea, Role, User


@dataclass
class Staff:
    """The synthetic users and their roles, created in bulk afterwards.

    Password hashes are unusable (no one signs in as a synthetic user; the
    benchmarks create verified sessions directly).
    """

    fake: Faker
    users: list[User] = field(default_factory=list)
    roles: list[tuple[User, MaracArea, str]] = field(default_factory=list)

    def person(self, agency: Agency, title: str, slug: str) -> User:
        user = User(
            email=f"{slug}.{len(self.users)}@synthetic.example",
            full_name=self.fake.name(),
            job_title=title,
            agency=agency,
            password=make_password(None),
        )
        self.users.append(user)
        return user

    def member(self, area: MaracArea, role: str, agency: Agency, title: str, slug: str) -> None:
        self.roles.append((self.person(agency, title, slug), area, role))


# Practitioners (who draft referrals) in each area, by agency kind.
PRACTITIONERS = (
    (AgencyKind.POLICE, 3),
    (AgencyKind.HOUSING, 1),
    (AgencyKind.HEALTH, 1),
    (AgencyKind.CHILDREN_FAMILIES, 1),
)


def staff_area(
    staff: Staff, area: MaracArea, agencies: dict[str, Agency], core: list[Agency], referrals_a_year: float
) -> None:
    """The area's coordinator, chair, governance member, a representative of
    each core agency, IDAAs (more for busier areas) and practitioners."""
    slug = area.code.lower()
    staff.member(area, Role.COORDINATOR, agencies[AgencyKind.MARAC], "MARAC coordinator", f"coordinator.{slug}")
    chair_title = "Detective Inspector, MARAC chair"
    staff.member(area, Role.CHAIR, agencies[AgencyKind.POLICE], chair_title, f"chair.{slug}")
    governance_title = "Community safety manager"
    staff.member(area, Role.GOVERNANCE, agencies[AgencyKind.OTHER], governance_title, f"governance.{slug}")
    for agency in core:
        if agency.kind != AgencyKind.IDAA:
            staff.member(area, Role.REPRESENTATIVE, agency, "MARAC representative", f"rep.{agency.kind}.{slug}")
    idaa_title = "Independent domestic abuse advocate"
    for n in range(2 + int(referrals_a_year // 250)):
        staff.member(area, Role.IDAA, agencies[AgencyKind.IDAA], idaa_title, f"idaa{n}.{slug}")
    for kind, count in PRACTITIONERS:
        agency = agencies[kind]
        for k in range(count):
            staff.member(area, Role.PRACTITIONER, agency, "Practitioner", f"practitioner{k}.{agency.kind}.{slug}")
