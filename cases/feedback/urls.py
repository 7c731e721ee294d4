"""The outcome page of a hearing, where an agency also records that its frontline staff were told."""

from __future__ import annotations

from django.urls import path

from cases.feedback import views

urlpatterns = [
    path("cases/<int:case_id>/outcome/<int:meeting_id>/", views.case_outcome, name="case-outcome"),
]
