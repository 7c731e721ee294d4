"""The status pages of a case: closing it (re-opening comes from a new referral or a repeat)."""

from __future__ import annotations

from django.urls import path

from cases.status import views

urlpatterns = [
    path("cases/<int:case_id>/close/", views.case_close, name="case-close"),
]
