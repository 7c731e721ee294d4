"""The weekly digest of each agency's outstanding actions."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from actions.models import OUTSTANDING, Action, ReminderPreference
from cases.notifications import notify


def weekly_digests(*, today: date | None = None) -> int:
    """One digest a week for users who chose it: counts and a link only."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    told = []
    for preference in ReminderPreference.objects.filter(digest_only=True, user__is_active=True).select_related("user"):
        user = preference.user
        if not user.agency_id:
            continue
        counts = Action.objects.filter(owner_agency_id=user.agency_id, status__in=OUTSTANDING).aggregate(
            outstanding=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today))
        )
        if not counts["outstanding"]:
            continue
        with transaction.atomic():  # the notice and its email together
            told += notify(
                [user],
                key=f"digest-{year}-{week}",
                message=f"Weekly digest: {counts['outstanding']} outstanding MARAC actions for your agency, "
                f"{counts['overdue']} overdue",
                link=reverse("action-list"),
                email=True,
            )
    return len(told)
