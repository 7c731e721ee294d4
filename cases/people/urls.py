"""Find a person."""

from __future__ import annotations

from django.urls import path

from cases.people import views

urlpatterns = [
    path("people/search/", views.people_search, name="people-search"),
]
