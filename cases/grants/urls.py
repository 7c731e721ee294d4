from __future__ import annotations

from django.urls import path

from cases.grants import views

urlpatterns = [
    path("cases/<int:case_id>/workers/", views.case_workers, name="case-workers"),
    path("cases/<int:case_id>/workers/<int:grant_id>/end/", views.case_worker_end, name="case-worker-end"),
]
