from __future__ import annotations

from django.urls import include, path

from actions import views

urlpatterns = [
    path("actions/", views.action_list, name="action-list"),
    path("actions/reminders/", views.reminder_preference, name="reminder-preference"),
    path("actions/export.csv", views.action_export_csv, name="action-export-csv"),
    path("actions/export.pdf", views.action_export_pdf, name="action-export-pdf"),
    path("actions/<int:action_id>/", views.action_detail, name="action-detail"),
    path("", include("actions.transfer_pack.urls")),
    path("", include("actions.plan.urls")),
]
