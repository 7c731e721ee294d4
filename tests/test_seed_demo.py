"""The seed_demo management command: demo profile only, complete, and idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from guardian.utils import get_anonymous_user

from cases.models import Case, CaseParty, CaseStatus, CaseStatusChange, PartyRole, Person, PersonAlias
from devdata.management.commands.seed_demo import AREAS, DEMO_PASSWORD, USERS
from marac.models import Agency, MaracArea, Membership, Role, User

CASES_PER_AREA = 6


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--cases", str(CASES_PER_AREA), stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (MaracArea, Agency, User, Membership, Person, PersonAlias, Case, CaseParty)
    }


def people() -> object:
    """Every account but django-guardian's AnonymousUser (created by migrate)."""
    return User.objects.exclude(pk=get_anonymous_user().pk)


@pytest.mark.django_db
def test_refuses_outside_the_demo_profile(settings: object) -> None:
    settings.MARAC_DEMO = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="MARAC_DEMO"):
        seed()
    assert not people().exists()
    assert counts() == {**dict.fromkeys(counts(), 0), "User": 1}


@pytest.fixture
def demo(settings: object) -> str:
    settings.MARAC_DEMO = True  # type: ignore[attr-defined]
    return seed()


@pytest.mark.django_db
def test_creates_two_areas_with_synthetic_cases(demo: str) -> None:
    areas = list(MaracArea.objects.order_by("code"))
    assert [a.code for a in areas] == ["FRN", "KCL"]
    for area in areas:
        assert Case.objects.filter(area=area).count() == CASES_PER_AREA
        assert area.core_agencies.exists()
    # Every case has its victim as a party, and a person causing harm.
    for case in Case.objects.all():
        roles = set(case.parties.values_list("role", flat=True))
        assert {PartyRole.VICTIM, PartyRole.PERPETRATOR} <= roles
        assert case.parties.get(role=PartyRole.VICTIM).person_id == case.victim_id
        assert case.reference.startswith(f"{case.area.code}-")


@pytest.mark.django_db
def test_creates_a_user_for_every_role(demo: str) -> None:
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    # In both areas.
    for area in MaracArea.objects.all():
        assert set(Membership.objects.filter(area=area).values_list("role", flat=True)) == set(Role.values)
    demo_users = people()
    assert demo_users.count() == len(AREAS) * len(USERS) + 1  # and one administrator for both areas
    assert all(u.is_demo for u in demo_users)
    assert all(u.email.endswith("@demo.marac.invalid") for u in demo_users)
    coordinator = User.objects.get(email="coordinator.kcl@demo.marac.invalid")
    assert coordinator.check_password(DEMO_PASSWORD)
    assert User.objects.get(email="admin@demo.marac.invalid").is_superuser


@pytest.mark.django_db
def test_a_person_causing_harm_appears_in_several_cases_with_an_alias(demo: str) -> None:
    repeat = Person.objects.annotate(
        harm_cases=Count("case_parties__case", filter=Q(case_parties__role=PartyRole.PERPETRATOR), distinct=True)
    ).filter(harm_cases__gt=1, aliases__isnull=False)
    assert repeat.exists(), "seed_demo must always link a person causing harm (with an alias) to several cases"


@pytest.mark.django_db
def test_prints_the_demo_sign_ins(demo: str) -> None:
    assert "Demo data created." in demo
    assert DEMO_PASSWORD in demo
    for user in people():
        assert user.email in demo
    assert "MARAC coordinator" in demo


@pytest.mark.django_db
def test_a_second_run_changes_nothing(demo: str) -> None:
    before = counts()
    references = set(Case.objects.values_list("reference", flat=True))
    output = seed()
    assert counts() == before
    assert set(Case.objects.values_list("reference", flat=True)) == references
    assert "already present; nothing changed" in output
    assert DEMO_PASSWORD in output
    assert "coordinator.kcl@demo.marac.invalid" in output
    assert all(people().values_list("is_demo", flat=True))
    for user in people():
        assert user.email in output


@pytest.mark.django_db
def test_statuses_come_from_the_services_with_their_history(demo: str) -> None:
    """Listed, heard and closed cases, each status the last one its history records."""
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {CaseStatus.LISTED, CaseStatus.HEARD, CaseStatus.CLOSED} <= statuses
    for case in Case.objects.exclude(status=CaseStatus.REFERRED).prefetch_related("status_changes"):
        changes = sorted(case.status_changes.all(), key=lambda change: (change.changed_at, change.pk))
        assert changes, case.reference
        assert changes[-1].to_status == case.status
    closed = CaseStatusChange.objects.filter(to_status=CaseStatus.CLOSED)
    assert closed.exists()
    assert all(change.changed_by is not None and change.reason for change in closed)
