"""The referral journey through the web pages, with the Django test client."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cases.models import Case, CaseParty, PartyRole, Person, Referral, ReferralStatus
from marac.models import AuditEvent, AuditVerb, Role
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(name="Housing Services (test)")


@pytest.fixture
def practitioner(make_member, area, agency):
    return make_member(Role.PRACTITIONER, area=area, agency=agency)


@pytest.fixture
def representative(make_member, area, agency):
    return make_member(Role.REPRESENTATIVE, area=area, agency=agency)


def post_section(client, referral, section, data, expect=302):
    response = client.post(reverse("referral-section", args=[referral.public_id, section]), data)
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def fill_referral(client, referral, *, yes_answers=15):
    post_section(client, referral, "referrer", {"referrer_phone": "01632 960000"})
    post_section(
        client,
        referral,
        "victim",
        {
            "given_names": "Ava",
            "family_name": "Testperson",
            "aliases_text": "Ava T",
            "date_of_birth_day": "3",
            "date_of_birth_month": "4",
            "date_of_birth_year": "1990",
            "gender": "woman",
        },
    )
    post_section(
        client,
        referral,
        "victim-contact",
        {
            "address": "1 Example Street",
            "postcode": "ZZ1 1ZZ",
            "safe_phone": "07700 900000",
            "safe_times": "Mornings",
            "may_leave_message": "no",
            "preferred_language": "English",
        },
    )
    people = reverse("referral-person-add", args=[referral.public_id, "perpetrators"])
    response = client.post(
        people,
        {
            "given_names": "Ben",
            "family_name": "Harmcause",
            "aliases_text": "Benny H",
            "date_of_birth_day": "1",
            "date_of_birth_month": "2",
            "date_of_birth_year": "1985",
            "gender": "man",
            "relationship_to_victim": "Ex-partner",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    children = reverse("referral-person-add", args=[referral.public_id, "children"])
    response = client.post(
        children,
        {
            "role": "child",
            "given_names": "Cal",
            "family_name": "Testperson",
            "date_of_birth_day": "5",
            "date_of_birth_month": "6",
            "date_of_birth_year": "2019",
            "school": "Example Primary",
            "lives_with": "Mother",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    answers = {f"answer_q{i}": ("yes" if i <= yes_answers else "no") for i in range(1, 25)}
    post_section(client, referral, "checklist", answers)
    post_section(
        client,
        referral,
        "incident",
        {
            "incident_date_day": "1",
            "incident_date_month": "11",
            "incident_date_year": "2026",
            "police_callouts": "1",
        },
    )
    post_section(
        client,
        referral,
        "reason",
        {
            "reason": "He broke into the house and threatened to kill her.",
            "professional_judgement": "false",
        },
    )
    post_section(client, referral, "strengths", {"strengths": "She keeps a safe phone and called the police."})
    post_section(client, referral, "consent", {"consent": "given"})


def test_practitioner_drafts_representative_sends_coordinator_receives(
    client, area, practitioner, representative, coordinator
) -> None:
    sign_in_verified(client, practitioner)
    response = client.post(reverse("referral-start"), {"area": area.pk})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.drafted_by == practitioner
    fill_referral(client, referral)

    check = client.get(reverse("referral-check", args=[referral.public_id]))
    assert check.status_code == 200
    html = check.content.decode()
    assert "Before you can send" not in html
    assert "Visible high risk" in html
    response = client.post(reverse("referral-send", args=[referral.public_id]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.READY_FOR_CHECK

    client.logout()
    sign_in_verified(client, representative)
    assert referral.public_id.hex[:8] in "".join(str(r.public_id).replace("-", "") for r in [referral])
    listing = client.get(reverse("referral-list")).content.decode()
    assert "Referrals for you to check and send" in listing
    client.post(reverse("referral-send", args=[referral.public_id]))
    client.post(reverse("referral-send", args=[referral.public_id]))  # a second tab: no change
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.submitted_by == representative
    assert referral.reasons == ["visible_high_risk"]
    assert referral.score == 15

    client.logout()
    sign_in_verified(client, coordinator)
    detail = client.get(reverse("referral-detail", args=[referral.public_id]))
    assert detail.status_code == 200
    assert "Receive this referral" in detail.content.decode()
    response = client.post(reverse("referral-receive", args=[referral.public_id]), {})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.reference.startswith(area.code.upper() + "-")
    assert set(CaseParty.objects.filter(case=case).values_list("role", flat=True)) == {
        PartyRole.VICTIM,
        PartyRole.PERPETRATOR,
        PartyRole.CHILD,
    }
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Harmcause" in page
    assert "Benny H" in page
    assert AuditEvent.objects.filter(verb=AuditVerb.VIEW, object_type="cases.case").exists()


def test_below_threshold_asks_for_professional_judgement_but_never_blocks(client, area, representative) -> None:
    sign_in_verified(client, representative)
    client.post(reverse("referral-start"), {"area": area.pk})
    referral = Referral.objects.get()
    fill_referral(client, referral, yes_answers=5)
    check = client.get(reverse("referral-check", args=[referral.public_id])).content.decode()
    assert "below the area" in check
    response = post_section(
        client,
        referral,
        "reason",
        {
            "reason": "Threats to kill.",
            "professional_judgement": "true",
            "professional_judgement_rationale": "",
        },
        expect=400,
    )
    assert "Explain your professional judgement" in response.content.decode()
    post_section(
        client,
        referral,
        "reason",
        {
            "reason": "Threats to kill.",
            "professional_judgement": "true",
            "professional_judgement_rationale": "Escalating stalking since separation.",
        },
    )
    client.post(reverse("referral-send", args=[referral.public_id]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.reasons == ["professional_judgement"]


def test_future_dates_and_birth_after_referral_are_refused_and_kept(client, area, representative) -> None:
    sign_in_verified(client, representative)
    client.post(reverse("referral-start"), {"area": area.pk})
    referral = Referral.objects.get()
    response = post_section(
        client,
        referral,
        "victim",
        {
            "given_names": "Ava",
            "family_name": "Testperson",
            "date_of_birth_day": "3",
            "date_of_birth_month": "4",
            "date_of_birth_year": "2090",
        },
        expect=400,
    )
    html = response.content.decode()
    assert "Error: " in html
    assert "Date of birth must be today or in the past" in html
    assert 'value="2090"' in html
    assert 'value="Testperson"' in html
    response = post_section(
        client,
        referral,
        "incident",
        {
            "incident_date_day": "31",
            "incident_date_month": "2",
            "incident_date_year": "2026",
        },
        expect=400,
    )
    assert "must be a real date" in response.content.decode()


def test_language_prompts_are_shown_without_blocking(client, area, representative) -> None:
    sign_in_verified(client, representative)
    client.post(reverse("referral-start"), {"area": area.pk})
    referral = Referral.objects.get()
    response = post_section(
        client,
        referral,
        "reason",
        {
            "reason": "She chooses to stay and has a failure to protect the children.",
            "professional_judgement": "false",
        },
        expect=200,
    )
    html = response.content.decode()
    assert "Check the wording" in html
    referral.refresh_from_db()
    assert "chooses to stay" in referral.reason  # saved all the same
    post_section(
        client,
        referral,
        "reason",
        {
            "reason": referral.reason,
            "professional_judgement": "false",
            "language_seen": "1",
        },
    )


def test_other_agency_and_other_area_get_not_found(client, area, practitioner, make_member) -> None:
    sign_in_verified(client, practitioner)
    client.post(reverse("referral-start"), {"area": area.pk})
    referral = Referral.objects.get()
    outsiders = [
        make_member(Role.REPRESENTATIVE, area=area),  # another agency, same area
        make_member(Role.COORDINATOR),  # another area's coordinator
        make_member(Role.GOVERNANCE, area=area),
        UserFactory(),
    ]
    urls = [
        reverse("referral-detail", args=[referral.public_id]),
        reverse("referral-tasks", args=[referral.public_id]),
        reverse("referral-check", args=[referral.public_id]),
        reverse("referral-section", args=[referral.public_id, "victim"]),
        reverse("referral-people", args=[referral.public_id, "perpetrators"]),
    ]
    for outsider in outsiders:
        client.logout()
        sign_in_verified(client, outsider)
        for url in urls:
            assert client.get(url).status_code == 404, (outsider, url)
        assert client.post(reverse("referral-send", args=[referral.public_id])).status_code == 404


def test_referrer_is_offered_only_records_they_can_see(client, area, representative, coordinator, make_member) -> None:
    """An earlier case the referrer's agency referred is offered; another area's person is not."""
    sign_in_verified(client, representative)
    client.post(reverse("referral-start"), {"area": area.pk})
    first = Referral.objects.get()
    fill_referral(client, first)
    client.post(reverse("referral-send", args=[first.public_id]))
    client.logout()
    sign_in_verified(client, coordinator)
    client.post(reverse("referral-receive", args=[first.public_id]), {})
    harm = Person.objects.get(family_name="Harmcause")
    # Someone similar, known only in another area's case.
    elsewhere = CaseFactory(area=make_member(Role.COORDINATOR).memberships.get().area)
    CaseParty.objects.create(
        case=elsewhere, role=PartyRole.PERPETRATOR, person=PersonFactory(given_names="Ben", family_name="Harmcaus")
    )

    client.logout()
    sign_in_verified(client, representative)
    client.post(reverse("referral-start"), {"area": area.pk})
    second = Referral.objects.exclude(pk=first.pk).get()
    people = reverse("referral-person-add", args=[second.public_id, "perpetrators"])
    client.post(people, {"given_names": "Benn", "family_name": "Harmcause"})
    page = client.get(reverse("referral-check", args=[second.public_id])).content.decode()
    assert "Is anyone already on record?" in page
    assert f'value="{harm.pk}"' in page
    assert "Why it may match" in page  # and why it was offered
    assert "Same surname" in page
    assert "Harmcaus," not in page  # the other area's record is never offered
    rp = second.people.get(role=PartyRole.PERPETRATOR)
    client.post(reverse("referral-person-link", args=[second.public_id, rp.pk]), {"existing": harm.pk})
    rp.refresh_from_db()
    assert rp.person == harm
    other = CaseParty.objects.get(case=elsewhere, role=PartyRole.PERPETRATOR).person
    response = client.post(reverse("referral-person-link", args=[second.public_id, rp.pk]), {"existing": other.pk})
    assert response.status_code == 404


def test_the_referral_date_is_the_local_date_it_was_started(client, area, representative) -> None:
    """Started at 00:30 on 1 July in the UK (23:30 UTC on 30 June): a baby born on 1 July is born on or before it."""
    sign_in_verified(client, representative)
    client.post(reverse("referral-start"), {"area": area.pk})
    referral = Referral.objects.get()
    Referral.objects.filter(pk=referral.pk).update(created_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    newborn = {"role": "child", "given_names": "Dee", "family_name": "Testperson", "lives_with": "Mother"}
    newborn |= {"date_of_birth_day": "1", "date_of_birth_month": "7", "date_of_birth_year": "2026"}
    response = client.post(reverse("referral-person-add", args=[referral.public_id, "children"]), newborn)
    assert response.status_code == 302, response.content.decode()[:2000]
