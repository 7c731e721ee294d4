from __future__ import annotations

from django.urls import path

from actions.plan import views

urlpatterns = [
    path("cases/<int:case_id>/plan/", views.case_plan, name="case-plan"),
]
