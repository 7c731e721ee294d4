"""The audit log: append-only, no free text, recorded for every sign-in."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from marac import audit
from marac.models import AuditEvent, AuditVerb, Role
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(area) -> AuditEvent:
    return audit.record(actor=UserFactory(), verb=AuditVerb.VIEW, object_type="cases.case", object_id=1, area=area)


class TestAppendOnly:
    def test_orm_update_is_refused(self, event) -> None:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(verb=AuditVerb.DELETE)

    def test_save_of_an_existing_row_is_refused(self, event) -> None:
        event.verb = AuditVerb.DELETE
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            event.save()

    def test_orm_delete_is_refused(self, event) -> None:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()

    @pytest.mark.parametrize(
        "statement",
        ["UPDATE marac_auditevent SET verb = 'delete'", "DELETE FROM marac_auditevent"],
    )
    def test_raw_sql_is_refused(self, event, statement: str) -> None:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
        assert AuditEvent.objects.filter(pk=event.pk, verb=AuditVerb.VIEW).exists()

    def test_inserting_still_works(self, event) -> None:
        audit.record(actor=None, verb=AuditVerb.SIGN_IN_FAILED)
        assert AuditEvent.objects.count() == 2


class TestNoPersonalData:
    @pytest.mark.parametrize(
        "detail",
        [
            {"note": "Jane Smith disclosed a new address"},
            {"fields": ["address", "safe phone number"]},
            {"nested": {"text": "free text, with punctuation!"}},
        ],
    )
    def test_free_text_detail_is_refused(self, detail) -> None:
        with pytest.raises(audit.UnsafeAuditDetailError):
            audit.record(actor=None, verb=AuditVerb.CHANGE, detail=detail)

    def test_identifiers_counts_and_field_names_are_allowed(self) -> None:
        event = audit.record(
            actor=None, verb=AuditVerb.CHANGE, detail={"fields": ["address", "safe_phone"], "count": 3, "ok": True}
        )
        assert event.detail["count"] == 3

    def test_an_object_is_named_by_label_and_key_only(self) -> None:
        case = CaseFactory()
        event = audit.record(actor=None, verb=AuditVerb.VIEW, obj=case)
        assert (event.object_type, event.object_id, event.area) == ("cases.case", str(case.pk), case.area)
        assert case.victim.family_name not in str(event.detail)

    def test_failed_sign_in_does_not_store_the_typed_email(self, client) -> None:
        client.post("/sign-in/", {"email": "typo.person@agency.test", "password": "whatever-it-was"})
        event = AuditEvent.objects.get(verb=AuditVerb.SIGN_IN_FAILED)
        assert event.actor is None
        assert "typo" not in str(event.detail)


class TestSignInEvents:
    def test_sign_in_is_recorded_with_actor_and_address(self, client, make_member) -> None:
        user = make_member()
        before = timezone.now()
        client.post("/sign-in/", {"email": user.email, "password": "correct-horse-battery-staple"})
        after = timezone.now()
        event = AuditEvent.objects.get(verb=AuditVerb.SIGN_IN)
        assert event.actor == user
        assert event.ip_address == "127.0.0.1"
        assert before <= event.created_at <= after  # the moment of signing in, as stored


class TestAuditLogPage:
    def test_administrator_sees_events_and_the_viewing_is_itself_recorded(
        self, verified_client, administrator, event
    ) -> None:
        response = verified_client(administrator).get("/audit/")
        assert response.status_code == 200
        assert "Viewed" in response.content.decode()
        assert AuditEvent.objects.filter(actor=administrator, verb=AuditVerb.LIST).exists()

    @pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CHAIR, Role.REPRESENTATIVE, Role.IDAA, Role.GOVERNANCE])
    def test_other_roles_get_not_found(self, verified_client, make_member, role) -> None:
        assert verified_client(make_member(role)).get("/audit/").status_code == 404

    def test_area_administrator_sees_only_their_areas(self, verified_client, make_member, area) -> None:
        admin = make_member(Role.ADMINISTRATOR, area=area)
        mine = audit.record(actor=None, verb=AuditVerb.EXPORT, object_type="cases.case", object_id=11, area=area)
        other = audit.record(actor=None, verb=AuditVerb.EXPORT, object_type="cases.case", object_id=22, area=None)
        response = verified_client(admin).get("/audit/", {"verb": AuditVerb.EXPORT})
        events = list(response.context["page"].object_list)
        assert mine in events
        assert other not in events

    def test_filter_by_verb(self, verified_client, administrator, event) -> None:
        audit.record(actor=None, verb=AuditVerb.EXPORT)
        response = verified_client(administrator).get("/audit/", {"verb": AuditVerb.EXPORT})
        verbs = {e.verb for e in response.context["page"].object_list}
        assert verbs == {AuditVerb.EXPORT}

    def test_bad_dates_get_an_error_summary_and_keep_what_was_typed(self, verified_client, administrator) -> None:
        response = verified_client(administrator).get("/audit/", {"date_from": "2026-13-45", "date_to": ""})
        html = response.content.decode()
        assert "<title>Error: Audit log" in html
        assert "Enter the start date as a real date" in html
        assert 'value="2026-13-45"' in html

    def test_query_count_does_not_grow_with_rows(
        self, verified_client, administrator, django_assert_max_num_queries
    ) -> None:
        client = verified_client(administrator)
        client.get("/audit/")  # warm up
        with django_assert_max_num_queries(20) as few:
            client.get("/audit/")
        for _ in range(40):
            audit.record(actor=UserFactory(), verb=AuditVerb.VIEW, object_type="cases.case", object_id=1)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get("/audit/")
