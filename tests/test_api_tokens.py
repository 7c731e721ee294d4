"""API tokens (marac.tokens): made by their owner after two-factor, or by an agency's representative for its
service account; never by an administrator for someone else; stored hashed, shown once, scoped, expiring,
revocable; and the API's answers to tokens that are unknown, revoked, expired or lack a scope."""

from __future__ import annotations

import hashlib
import html
import importlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from marac.models import AuditEvent, AuditVerb, Role, User
from marac.tokens import services
from marac.tokens.models import ApiToken, TokenScope
from tests.api_tokens import make_token, token_for
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.url_helpers import flat_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_member) -> User:
    return make_member(Role.REPRESENTATIVE)


@pytest.fixture
def service_account(person) -> User:
    return UserFactory(agency=person.agency, is_service_account=True)


def issue(owner: User, actor: User | None = None, **kwargs) -> tuple[ApiToken, str]:
    kwargs.setdefault("scopes", [TokenScope.ACTIONS_READ])
    kwargs.setdefault("verified", True)
    return services.issue_token(actor=actor or owner, owner=owner, name="Case system", **kwargs)


def api(authorization: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization)
    return client


# --- Issuing ------------------------------------------------------------------------------------------------


def test_a_token_is_stored_as_a_hash_of_its_secret(person) -> None:
    token, secret = issue(person)
    assert len(secret) >= 40
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.key_prefix == secret[:8]
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret not in str(value) for value in stored.values())
    event = AuditEvent.objects.get(verb=AuditVerb.CREATE, object_type="marac.apitoken", object_id=str(token.pk))
    assert event.actor == person
    assert event.detail["scopes"] == ["actions:read"]
    assert secret not in json.dumps(event.detail)
    assert secret[:8] not in json.dumps(event.detail)


def test_a_token_expires_after_90_days_by_default_or_the_setting(person, settings) -> None:
    token, _ = issue(person)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    settings.MARAC_API_TOKEN_DAYS = 30
    token, _ = issue(person)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    token, _ = issue(person, days=7)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


def test_a_person_needs_two_factor_to_make_their_own_token(person) -> None:
    with pytest.raises(PermissionDenied):
        issue(person, verified=False)
    assert not ApiToken.objects.exists()


def test_name_scopes_and_days_are_checked_all_at_once(person) -> None:
    with pytest.raises(ValidationError) as error:
        services.issue_token(actor=person, owner=person, name=" ", scopes=["cases:all"], days=366, verified=True)
    assert set(error.value.message_dict) == {"name", "scopes", "days"}
    with pytest.raises(ValidationError):
        services.issue_token(actor=person, owner=person, name="x", scopes=[], days=1, verified=True)


def test_an_administrator_never_makes_a_token_for_someone_else(administrator, person, service_account) -> None:
    MembershipFactory(user=administrator, role=Role.REPRESENTATIVE)
    administrator.agency = service_account.agency
    administrator.save()
    for owner in (person, service_account):
        with pytest.raises(PermissionDenied):
            issue(owner, actor=administrator)
    assert not ApiToken.objects.exists()
    token, _ = issue(administrator)  # their own, after two-factor
    assert token.owner == administrator


def test_a_representative_makes_tokens_for_their_agencys_service_accounts_only(person, service_account) -> None:
    with pytest.raises(PermissionDenied):
        issue(service_account, actor=person, verified=False)
    token, _ = issue(service_account, actor=person)
    assert token.owner == service_account
    assert token.created_by == person
    colleague = UserFactory(agency=person.agency)
    elsewhere = UserFactory(agency=AgencyFactory(), is_service_account=True)
    for owner in (colleague, elsewhere):
        with pytest.raises(PermissionDenied):
            issue(owner, actor=person)
    practitioner = UserFactory(agency=person.agency)
    MembershipFactory(user=practitioner, role=Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        issue(service_account, actor=practitioner)
    with pytest.raises(PermissionDenied):  # a service account does not make its own
        issue(service_account)


# --- Revoking -------------------------------------------------------------------------------------------------


def test_owner_issuer_and_administrator_revoke_others_cannot(person, service_account, administrator) -> None:
    token, _ = issue(service_account, actor=person)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.revoke_token(actor=stranger, token=token)
    services.revoke_token(actor=person, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == person
    own, _ = issue(person)
    services.revoke_token(actor=administrator, token=own)
    own.refresh_from_db()
    assert own.revoked_by == administrator
    events = AuditEvent.objects.filter(verb=AuditVerb.CHANGE, object_type="marac.apitoken")
    assert {(e.actor, e.detail["revoked"]) for e in events} == {(person, True), (administrator, True)}


def test_revoke_all_tokens_of_a_leaver(person, administrator) -> None:
    for _ in range(3):
        issue(person)
    assert services.revoke_all_tokens(actor=administrator, user=person) == 3
    assert not ApiToken.objects.filter(owner=person, revoked_at__isnull=True).exists()
    assert services.revoke_all_tokens(actor=administrator, user=person) == 0
    with pytest.raises(PermissionDenied):
        services.revoke_all_tokens(actor=UserFactory(), user=person)


# --- Using a token ----------------------------------------------------------------------------------------------


def test_bearer_and_token_headers_both_work(person) -> None:
    _, secret = make_token(person, [TokenScope.ACTIONS_READ])
    assert api(f"Bearer {secret}").get("/api/v1/actions/").status_code == 200
    assert api(f"Token {secret}").get("/api/v1/actions/").status_code == 200


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        ("revoke", "revoked"),
        ("expire", "expired"),
        ("deactivate", "closed"),
        ("unknown", "not valid"),
    ],
)
def test_unusable_tokens_answer_401_saying_why(person, spoil, says) -> None:
    token, secret = make_token(person)
    if spoil == "revoke":
        token.revoked_at = timezone.now()
    elif spoil == "expire":
        token.expires_at = timezone.now() - timedelta(seconds=1)
    elif spoil == "deactivate":
        User.objects.filter(pk=person.pk).update(is_active=False)
    else:
        secret = "0" * 40  # the shape of an old DRF token's key
    token.save()
    for keyword in ("Bearer", "Token"):
        response = api(f"{keyword} {secret}").get("/api/v1/actions/")
        assert response.status_code == 401
        assert says in response.json()["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_malformed_header_answers_401(person) -> None:
    for header in ("Bearer", "Bearer a b", "Bearer " + "x" * 500, "Bearer caf\u00e9"):
        assert api(header).get("/api/v1/actions/").status_code == 401


def test_a_token_without_the_scope_answers_403_naming_it(person) -> None:
    client = api(token_for(person, [TokenScope.ACTIONS_READ]))
    assert client.get("/api/v1/actions/").status_code == 200
    response = client.get("/api/v1/meetings/")
    assert response.status_code == 403
    assert "meetings:read" in response.json()["detail"]
    posted = client.post("/api/v1/referrals/", {}, format="json")
    assert posted.status_code == 403
    assert "referrals:submit" in posted.json()["detail"]


def test_every_api_endpoint_names_a_known_scope_for_each_method() -> None:
    names = {"api-schema", "api-docs"}  # the API's description: no data
    views = [p.callback.view_class for p in flat_patterns() if str(p.name).startswith("api-") and p.name not in names]
    missing = [view.__name__ for view in views if not getattr(view, "token_scopes", None)]
    assert missing == [], "name the scope a token needs for each method: token_scopes = {'GET': 'actions:read'}"
    checked = [view for view in views if getattr(view, "token_scopes", None)]
    assert len(checked) >= 10
    for view in checked:
        methods = {m.upper() for m in view.http_method_names if hasattr(view, m) and m not in ("options", "head")}
        assert set(view.token_scopes) == methods, view
        assert set(view.token_scopes.values()) <= set(TokenScope.values), view


def test_a_verified_session_is_not_limited_by_scopes(client: Client, person) -> None:
    sign_in_verified(client, person)
    assert client.get("/api/v1/meetings/").status_code == 200


def test_last_used_is_written_at_most_once_a_minute(person) -> None:
    token, secret = make_token(person, [TokenScope.MEETINGS_READ])
    client = api(f"Bearer {secret}")
    client.get("/api/v1/meetings/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/meetings/")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/meetings/")
    token.refresh_from_db()
    assert token.last_used_at > first


# --- The API tokens pages ----------------------------------------------------------------------------------------


def test_making_a_token_shows_its_secret_once(client: Client, person) -> None:
    sign_in_verified(client, person)
    assert client.get(reverse("token-create")).status_code == 200
    response = client.post(reverse("token-create"), {"name": "Police system", "scopes": ["actions:read"], "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(owner=person)
    secret = response.context["secret"]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.key_hash
    assert secret in response.content.decode()
    assert "You will not be able to see it again" in response.content.decode()
    listing = client.get(reverse("token-list")).content.decode()
    assert "Police system" in listing
    assert token.key_prefix in listing
    assert secret not in listing


def test_the_form_shows_every_problem_and_keeps_what_was_typed(client: Client, person) -> None:
    sign_in_verified(client, person)
    response = client.post(reverse("token-create"), {"name": "Kept name", "days": "400"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Select what the token may do" in body
    assert "between 1 and 365" in body
    assert 'value="Kept name"' in body
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page_asks_first(client: Client, person) -> None:
    token, secret = make_token(person)
    sign_in_verified(client, person)
    url = reverse("token-revoke", args=[token.pk])
    assert "Revoke the token" in client.get(url).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # no change on GET
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(f"Bearer {secret}").get("/api/v1/actions/").status_code == 401


def test_someone_elses_token_is_not_found(client: Client, person) -> None:
    token, _ = make_token(UserFactory(agency=person.agency))
    sign_in_verified(client, person)
    url = reverse("token-revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(reverse("token-revoke", args=[2**70])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_representative_looks_after_service_account_tokens(client: Client, person, service_account) -> None:
    sign_in_verified(client, person)
    url = reverse("service-token-create", args=[service_account.pk])
    response = client.post(url, {"name": "Case system", "scopes": ["referrals:submit"], "days": 90})
    assert response.status_code == 200
    token = ApiToken.objects.get(owner=service_account)
    assert token.created_by == person
    assert html.escape(service_account.full_name) in client.get(reverse("token-list")).content.decode()
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == person
    # Someone else's account, or a practitioner: not found.
    other = UserFactory(agency=person.agency)
    assert client.get(reverse("service-token-create", args=[other.pk])).status_code == 404
    practitioner = UserFactory(agency=person.agency)
    MembershipFactory(user=practitioner, role=Role.PRACTITIONER)
    assert sign_in_verified(Client(), practitioner).get(url).status_code == 404


def test_the_list_page_queries_do_not_grow_with_tokens(client: Client, person, service_account) -> None:
    sign_in_verified(client, person)
    make_token(person)
    make_token(service_account)
    client.get(reverse("token-list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("token-list"))
    for _ in range(5):
        make_token(person)
        make_token(service_account)
        make_token(UserFactory(agency=person.agency, is_service_account=True))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("token-list"))
    assert len(many.captured_queries) == len(few.captured_queries) <= 16
    assert response.content.decode().count("Revoke<span") == 17


def test_the_migration_deletes_old_clear_text_tokens() -> None:
    """DRF's old tokens (their table left behind once rest_framework.authtoken went) are deleted."""
    migration = importlib.import_module("marac.migrations.0008_api_tokens")
    with connection.cursor() as cursor:
        cursor.execute(migration.DELETE_OLD_TOKENS)  # no table: nothing to do, no error
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567')")
        cursor.execute(migration.DELETE_OLD_TOKENS)
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)


def test_a_service_account_cannot_sign_in_to_the_pages(client) -> None:
    service = UserFactory(is_service_account=True)
    service.set_password("a-long-service-password-2026")
    service.save()
    response = client.post(reverse("sign-in"), {"email": service.email, "password": "a-long-service-password-2026"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    client.force_login(service, backend="marac.backends.PeopleOnlyBackend")
    assert client.get(reverse("home")).status_code == 302  # the session is not honoured: back to sign-in
