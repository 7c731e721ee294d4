"""The coordinator's case list."""

from __future__ import annotations

from django.urls import path

from cases.caselist import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
]
