"""Repeat referrals (SafeLives): the same victim and person causing harm within
12 months of the victim's last referral, flagged on submit and kept on receive."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseParty, PartyRole, Referral, ReferralStatus
from cases.referrals import receive, services
from tests.conftest import sign_in_verified
from tests.referral_helpers import (
    backdate_submission,
    draft_referral,
    fresh,
    perpetrator_details,
    received_referral,
    submitted_referral,
    victim_details,
)

pytestmark = pytest.mark.django_db


# --- Repeats ------------------------------------------------------------------------------------------


class TestRepeats:
    """SafeLives: a further incident between the same victim and the same person
    causing harm (or one of them) within 12 months of the victim's last referral;
    the anniversary counts, the day after is a new referral."""

    @pytest.fixture
    def victim(self):
        return victim_details()

    @pytest.fixture
    def perpetrator(self):
        return perpetrator_details(aliases=["Benny Hughes"])

    def earlier(self, cast, victim, perpetrator, submitted_on) -> Referral:
        referral = received_referral(
            cast.practitioner,
            cast.area,
            representative=cast.representative,
            coordinator=cast.coordinator,
            victim=victim,
            perpetrators=[perpetrator],
            incident_date=date(2023, 12, 1),
        )
        assert referral.status == ReferralStatus.RECEIVED
        return backdate_submission(referral, submitted_on)

    def later(self, cast, victim, perpetrators, incident_date) -> Referral:
        return submitted_referral(
            cast.practitioner,
            cast.area,
            representative=cast.representative,
            victim=victim,
            perpetrators=perpetrators,
            incident_date=incident_date,
        )

    @pytest.mark.parametrize(
        ("submitted_on", "incident", "repeat"),
        [
            pytest.param(date(2024, 3, 15), date(2025, 3, 14), True, id="day-before-anniversary"),
            pytest.param(date(2024, 3, 15), date(2025, 3, 15), True, id="on-anniversary"),
            pytest.param(date(2024, 3, 15), date(2025, 3, 16), False, id="day-after-anniversary"),
            pytest.param(date(2024, 2, 29), date(2025, 2, 28), True, id="leap-day-anniversary"),
            pytest.param(date(2024, 2, 29), date(2025, 3, 1), False, id="after-leap-day-anniversary"),
            # 00:30 in summer time is the evening before in UTC: the local date decides.
            pytest.param(
                timezone.make_aware(datetime.combine(date(2024, 7, 10), time(0, 30))),
                date(2025, 7, 10),
                True,
                id="submitted-just-after-local-midnight",
            ),
        ],
    )
    def test_window_of_twelve_months_including_the_anniversary(
        self, cast, victim, perpetrator, submitted_on, incident, repeat
    ) -> None:
        earlier = self.earlier(cast, victim, perpetrator, submitted_on)
        later = self.later(cast, victim, [perpetrator], incident)
        assert later.status == ReferralStatus.SUBMITTED
        assert later.is_repeat is repeat
        assert later.repeat_of == (earlier.case if repeat else None)
        assert ("repeat" in later.reasons) is repeat

    def test_a_different_person_causing_harm_is_not_a_repeat(self, cast, victim, perpetrator) -> None:
        self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = self.later(cast, victim, [perpetrator_details()], date(2024, 6, 1))
        assert later.is_repeat is False
        assert later.repeat_of is None
        assert "repeat" not in later.reasons

    def test_one_of_two_people_causing_harm_the_same_is_a_repeat(self, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = self.later(cast, victim, [perpetrator_details(), perpetrator], date(2024, 6, 1))
        assert later.is_repeat is True
        assert later.repeat_of == earlier.case

    def test_matching_through_an_alias_recorded_on_the_earlier_case(self, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        harm = CaseParty.objects.get(case=earlier.case, role=PartyRole.PERPETRATOR).person
        assert {(a.given_names, a.family_name) for a in harm.aliases.all()} == {("Benny", "Hughes")}
        by_alias = perpetrator_details(
            given_names="Benny", family_name="Hughes", date_of_birth=perpetrator["date_of_birth"]
        )
        later = self.later(cast, victim, [by_alias], date(2024, 6, 1))
        assert later.is_repeat is True
        assert later.repeat_of == earlier.case

    def test_flags_are_set_on_submit_and_kept_on_receive(self, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = draft_referral(
            cast.practitioner, cast.area, victim=victim, perpetrators=[perpetrator], incident_date=date(2024, 6, 1)
        )
        assert later.is_repeat is False  # not known while it is a draft
        services.referral_mark_ready(user=cast.practitioner, referral=later)
        services.referral_submit(user=cast.representative, referral=fresh(later))
        later = fresh(later)
        assert (later.is_repeat, later.repeat_of) == (True, earlier.case)
        assert later.reasons == ["visible_high_risk", "repeat"]
        receive.referral_receive(user=cast.coordinator, referral=later)
        later = fresh(later)
        assert (later.is_repeat, later.repeat_of, later.case) == (True, earlier.case, earlier.case)

    def test_coordinator_sees_the_earlier_case_and_its_history(self, client, cast, victim, perpetrator) -> None:
        earlier = self.earlier(cast, victim, perpetrator, date(2024, 3, 15))
        later = self.later(cast, victim, [perpetrator], date(2025, 3, 15))
        sign_in_verified(client, cast.coordinator)
        response = client.get(reverse("referral-detail", args=[later.public_id]))
        assert response.status_code == 200
        html = response.content.decode()
        assert earlier.case.reference in html
        assert f"Earlier referrals on case {earlier.case.reference}" in html
        assert "15 March 2024" in html  # the earlier referral, in the history
        assert "Repeat" in html
