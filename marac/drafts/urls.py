from __future__ import annotations

from django.urls import path

from marac.drafts import views

urlpatterns = [
    path("drafts/", views.drafts, name="drafts"),
    path("session/extend/", views.session_extend, name="session-extend"),
]
