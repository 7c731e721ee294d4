from __future__ import annotations

from django.urls import path

from marac.outbox import views

urlpatterns = [
    path("messages/undelivered/", views.undelivered, name="outbox-undelivered"),
    path("messages/undelivered/retry/", views.undelivered_retry, name="outbox-undelivered-retry"),
]
