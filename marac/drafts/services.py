"""Saving and discarding one's own drafts (``marac.drafts.models``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from marac.drafts.models import DRAFT_DAYS, MAX_DRAFTS_PER_USER, Draft
from marac.forms import MAX_TEXT_LENGTH
from marac.models import User

MAX_PAGE = 300


def _check_place(page: str, field: str) -> None:
    errors = {}
    if not page.startswith("/") or len(page) > MAX_PAGE or "?" in page or "#" in page:
        errors["page"] = "Give the page's path"
    if not field or len(field) > MAX_PAGE:
        errors["field"] = "Give the field"
    if errors:
        raise ValidationError(errors)


def draft_save(*, user: User, page: str, field: str, text: str) -> Draft | None:
    """Keep what ``user`` has typed into ``field`` on ``page`` (empty text: nothing to keep)."""
    _check_place(page, field)
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": f"A draft can be at most {MAX_TEXT_LENGTH:,} characters"})
    if not text.strip():
        Draft.objects.filter(user=user, page=page, field=field).delete()
        return None
    draft, created = Draft.objects.update_or_create(user=user, page=page, field=field, defaults={"text": text})
    if created:
        newest = Draft.objects.filter(user=user).order_by("-saved_at", "-pk").values("pk")[:MAX_DRAFTS_PER_USER]
        Draft.objects.filter(user=user).exclude(pk__in=newest).delete()
    return draft


def drafts_discard(*, user: User, places: Iterable[tuple[str, str]]) -> int:
    """Forget ``user``'s drafts of these (page, field) places: their form was accepted, or they chose to."""
    deleted = 0
    for page, field in places:
        deleted += Draft.objects.filter(user=user, page=page, field=field).delete()[0]
    return deleted


def drafts_purge() -> int:
    """Forget every draft older than ``DRAFT_DAYS`` (safe to run any number of times)."""
    return Draft.objects.filter(saved_at__lt=timezone.now() - timedelta(days=DRAFT_DAYS)).delete()[0]
