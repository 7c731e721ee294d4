"""Each agency's representative confirms, once a quarter, who still needs access; the reminder to do it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import escape

from cases.models import Notification
from marac import tasks
from marac.accounts import reminders, selectors, services
from marac.accounts.models import AccountReview, AccountReviewDecision
from marac.models import AuditEvent, AuditVerb, Role
from tests.factories import MaracAreaFactory, MembershipFactory, UserFactory
from tests.referral_helpers import make_cast

pytestmark = pytest.mark.django_db


def _url(cast) -> str:
    return f"/accounts/review/{cast.area.pk}/{cast.agency.pk}/"


def _quarter() -> str:
    return selectors.quarter_of(timezone.localdate())


def test_quarters() -> None:
    assert [selectors.quarter_of(date(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2026-Q1",
        "2026-Q1",
        "2026-Q2",
        "2026-Q2",
        "2026-Q3",
        "2026-Q3",
        "2026-Q4",
        "2026-Q4",
    ]


class TestTheReviewPage:
    def test_lists_the_agencys_active_accounts_in_the_area(self, cast, verified_client) -> None:
        closed = UserFactory(agency=cast.agency, is_active=False)
        MembershipFactory(user=closed, area=cast.area, role=Role.PRACTITIONER)
        elsewhere = UserFactory(agency=cast.agency)
        MembershipFactory(user=elsewhere, area=MaracAreaFactory(), role=Role.PRACTITIONER)
        stranger = make_cast(cast.area).practitioner
        html = verified_client(cast.representative).get(_url(cast)).content.decode()
        assert escape(cast.practitioner.full_name) in html
        assert escape(cast.representative.full_name) in html
        for hidden in (closed, elsewhere, stranger, cast.coordinator):
            assert hidden.email not in html
        assert "Still needs access" in html
        assert "Has left" in html

    def test_confirming_records_the_review_and_closes_leavers(self, cast, verified_client) -> None:
        client = verified_client(cast.representative)
        data = {f"account_{cast.practitioner.pk}": "left", f"account_{cast.representative.pk}": "kept"}
        response = client.post(_url(cast), data)
        assert response.status_code == 302
        review = AccountReview.objects.get()
        assert (review.agency, review.area, review.quarter, review.confirmed_by) == (
            cast.agency,
            cast.area,
            _quarter(),
            cast.representative,
        )
        decisions = dict(AccountReviewDecision.objects.values_list("user_id", "decision"))
        assert decisions == {cast.practitioner.pk: "left", cast.representative.pk: "kept"}
        cast.practitioner.refresh_from_db()
        assert not cast.practitioner.is_active
        event = AuditEvent.objects.get(object_type="marac.accountreview")
        assert event.verb == AuditVerb.CREATE
        assert event.detail == {"action": "confirm_accounts", "quarter": _quarter(), "kept": 1, "left": 1}
        assert "Confirmed on" in client.get(_url(cast)).content.decode()

    def test_every_account_needs_an_answer(self, cast, verified_client) -> None:
        response = verified_client(cast.representative).post(_url(cast), {f"account_{cast.representative.pk}": "kept"})
        assert response.status_code == 400
        html = response.content.decode()
        assert 'class="govuk-error-summary"' in html
        assert f"Select whether {cast.practitioner.full_name} still needs access" in html
        assert not AccountReview.objects.exists()

    def test_once_a_quarter(self, cast) -> None:
        decisions = {cast.practitioner.pk: "kept", cast.representative.pk: "kept"}
        kwargs = {"actor": cast.representative, "agency": cast.agency, "area": cast.area, "quarter": "2026-Q4"}
        services.confirm_accounts(decisions=decisions, **kwargs)
        with pytest.raises(ValidationError):
            services.confirm_accounts(decisions=decisions, **kwargs)
        assert AccountReview.objects.count() == 1

    def test_a_representative_cannot_close_their_own_account_here(self, cast) -> None:
        with pytest.raises(ValidationError):
            services.confirm_accounts(
                actor=cast.representative,
                agency=cast.agency,
                area=cast.area,
                quarter="2026-Q4",
                decisions={cast.practitioner.pk: "kept", cast.representative.pk: "left"},
            )
        assert not AccountReview.objects.exists()
        cast.representative.refresh_from_db()
        assert cast.representative.is_active

    def test_another_agencys_representative_gets_404(self, cast, verified_client) -> None:
        stranger = make_cast(cast.area).representative
        client = verified_client(stranger)
        assert client.get(_url(cast)).status_code == 404
        assert client.post(_url(cast), {f"account_{cast.practitioner.pk}": "left"}).status_code == 404
        assert verified_client(cast.practitioner).get(_url(cast)).status_code == 404
        with pytest.raises(PermissionDenied):
            services.confirm_accounts(
                actor=stranger, agency=cast.agency, area=cast.area, quarter="2026-Q4", decisions={}
            )

    def test_costs_the_same_for_more_accounts(self, cast, verified_client, django_assert_max_num_queries) -> None:
        client = verified_client(cast.representative)
        client.get(_url(cast))
        with django_assert_max_num_queries(20) as small:
            assert client.get(_url(cast)).status_code == 200
        for _ in range(15):
            user = UserFactory(agency=cast.agency)
            MembershipFactory(user=user, area=cast.area, role=Role.PRACTITIONER)
            MembershipFactory(user=user, area=cast.area, role=Role.IDAA)
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(_url(cast))
        assert response.content.decode().count("Has left") == 17


class TestTheQuarterlyReminder:
    def test_each_representative_is_told_once_a_quarter(self, cast) -> None:
        second = UserFactory(agency=cast.agency)
        MembershipFactory(user=second, area=cast.area, role=Role.REPRESENTATIVE)
        other = make_cast(cast.area)
        assert tasks.account_review_reminders() == 3
        assert tasks.account_review_reminders() == 0
        notes = Notification.objects.filter(message=reminders.MESSAGE)
        assert sorted(notes.values_list("user_id", flat=True)) == sorted(
            [cast.representative.pk, second.pk, other.representative.pk]
        )
        note = notes.get(user=cast.representative)
        assert note.link == _url(cast)
        assert not Notification.objects.filter(user__in=[cast.practitioner, cast.coordinator]).exists()

    def test_a_new_quarter_tells_them_again(self, cast) -> None:
        assert reminders.send_quarterly_reminders(date(2026, 10, 1)) == 1
        assert reminders.send_quarterly_reminders(date(2026, 10, 2)) == 0
        assert reminders.send_quarterly_reminders(date(2027, 1, 1)) == 1

    def test_nobody_is_told_once_the_review_is_done(self, cast) -> None:
        services.confirm_accounts(
            actor=cast.representative,
            agency=cast.agency,
            area=cast.area,
            quarter=_quarter(),
            decisions={cast.practitioner.pk: "kept", cast.representative.pk: "kept"},
        )
        assert tasks.account_review_reminders() == 0

    def test_the_account_list_shows_the_review_due(self, cast, verified_client) -> None:
        html = verified_client(cast.representative).get("/accounts/").content.decode()
        assert _url(cast) in html
        assert "To do" in html
