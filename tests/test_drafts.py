"""Drafts (marac/drafts/): text typed and not yet saved, kept for its writer only, forgotten once its form
is accepted or after a week; "Stay signed in"; the sign-in page after a timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marac.drafts.models import Draft
from marac.drafts.services import draft_save, drafts_purge
from marac.forms import MAX_TEXT_LENGTH
from marac.models import Role
from tests.factories import MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

PAGE = "/meetings/7/live/9/"
FIELD = "/meetings/7/live/9/decisions/#decisions"
TEXT = "Police to apply for a non-harassment order before the next court date."


@pytest.fixture
def users():
    area = MaracAreaFactory()
    return member(Role.COORDINATOR, area), member(Role.CHAIR, area)


def _save(client, **fields):
    return client.post(reverse("drafts"), {"page": PAGE, "field": FIELD, "text": TEXT, **fields})


def test_a_draft_is_kept_and_handed_back_to_its_writer_only(verified_client, users) -> None:
    writer, other = users
    client = verified_client(writer)
    assert _save(client).status_code == 204
    assert _save(client, text=TEXT + " And record it.").status_code == 204  # the same field: one draft
    listed = client.get(reverse("drafts"), {"page": PAGE})
    assert listed["Cache-Control"].startswith("no-store") or "no-cache" in listed["Cache-Control"]
    [draft] = listed.json()["drafts"]
    assert (draft["field"], draft["text"]) == (FIELD, TEXT + " And record it.")
    assert client.get(reverse("drafts"), {"page": "/another/page/"}).json() == {"drafts": []}
    assert verified_client(other).get(reverse("drafts"), {"page": PAGE}).json() == {"drafts": []}
    assert Draft.objects.count() == 1


def test_empty_text_forgets_and_discard_forgets_the_field_or_the_page(verified_client, users) -> None:
    client = verified_client(users[0])
    _save(client)
    _save(client, field="/x/#text")
    assert _save(client, text="   ").status_code == 204
    assert list(Draft.objects.values_list("field", flat=True)) == ["/x/#text"]
    _save(client)
    assert client.post(reverse("drafts"), {"page": PAGE, "field": FIELD, "discard": "1"}).status_code == 204
    assert list(Draft.objects.values_list("field", flat=True)) == ["/x/#text"]
    client.post(reverse("drafts"), {"page": PAGE, "field": "all", "discard": "1"})
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"page": "https://elsewhere.example/"}, "page"),
        ({"page": "/a/?next=/b/"}, "page"),
        ({"page": "/" + "a" * 300}, "page"),
        ({"field": ""}, "field"),
        ({"text": "x" * (MAX_TEXT_LENGTH + 1)}, "text"),
    ],
)
def test_bad_input_is_refused_with_a_reason(verified_client, users, fields, error) -> None:
    response = _save(verified_client(users[0]), **fields)
    assert response.status_code == 400
    assert error in response.json()["errors"]
    assert not Draft.objects.exists()


def test_reading_needs_a_page(verified_client, users) -> None:
    assert verified_client(users[0]).get(reverse("drafts"), {"page": "elsewhere"}).status_code == 400


def test_an_accepted_form_forgets_its_drafts_and_a_refused_one_keeps_them(verified_client, users) -> None:
    writer = users[0]
    client = verified_client(writer)
    url = reverse("reminder-preference")
    _save(client, page=url, field=f"{url}#mode")
    _save(client, field="/elsewhere/#text")
    refused = client.post(url, {"mode": "never", "_draft": f"{url} {url}#mode"})
    assert refused.status_code == 400
    assert Draft.objects.count() == 2
    accepted = client.post(url, {"mode": "digest", "_draft": f"{url} {url}#mode"})
    assert accepted.status_code == 302
    assert list(Draft.objects.values_list("field", flat=True)) == ["/elsewhere/#text"]


def test_drafts_are_forgotten_after_a_week(verified_client, users) -> None:
    client = verified_client(users[0])
    _save(client)
    _save(client, field="/x/#text")
    Draft.objects.filter(field=FIELD).update(saved_at=timezone.now() - timedelta(days=8))
    assert drafts_purge() == 1
    assert list(Draft.objects.values_list("field", flat=True)) == ["/x/#text"]


def test_staying_signed_in_and_the_page_after_a_timeout(verified_client, users) -> None:
    assert verified_client(users[0]).post(reverse("session-extend")).status_code == 204
    client = Client()
    assert client.post(reverse("session-extend")).status_code == 302  # signed out: to sign-in
    page = client.get(reverse("sign-in"), {"next": PAGE, "timeout": "1"}).content.decode()
    assert "You were signed out because you had not done anything for 30 minutes." in page
    assert f'name="next" value="{PAGE}"' in page
    assert "You were signed out" not in client.get(reverse("sign-in")).content.decode()


def test_every_signed_in_page_carries_the_timeout_and_drafts_hooks(verified_client, users) -> None:
    page = verified_client(users[0]).get(reverse("home")).content.decode()
    assert 'data-session-seconds="1800"' in page
    assert f'data-drafts-url="{reverse("drafts")}"' in page
    assert 'id="session-timeout"' in page


def test_one_person_keeps_at_most_so_many_drafts_and_loses_the_oldest_first(users, monkeypatch) -> None:
    monkeypatch.setattr("marac.drafts.services.MAX_DRAFTS_PER_USER", 3)
    writer, other = users
    draft_save(user=other, page=PAGE, field="#theirs", text=TEXT)
    for field in ("#a", "#b", "#c"):
        draft_save(user=writer, page=PAGE, field=field, text=TEXT)
    Draft.objects.filter(user=writer, field="#a").update(saved_at=timezone.now() - timedelta(hours=1))
    draft_save(user=writer, page=PAGE, field="#b", text=TEXT + " Changed.")  # the same field: nothing forgotten
    assert Draft.objects.filter(user=writer).count() == 3
    draft_save(user=writer, page=PAGE, field="#d", text=TEXT)  # a fourth: the oldest (#a) goes
    assert sorted(Draft.objects.filter(user=writer).values_list("field", flat=True)) == ["#b", "#c", "#d"]
    assert Draft.objects.filter(user=other).count() == 1  # nobody else's
