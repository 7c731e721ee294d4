from __future__ import annotations

from django.urls import path

from cases.needs import views

urlpatterns = [
    path("cases/<int:case_id>/needs/", views.case_needs, name="case-needs"),
]
