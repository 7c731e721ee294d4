"""Reading one's own drafts: never anyone else's."""

from __future__ import annotations

from django.db.models import QuerySet

from marac.drafts.models import Draft
from marac.models import User


def drafts_on_page(user: User, page: str) -> QuerySet[Draft]:
    return Draft.objects.filter(user=user, page=page).order_by("field")
