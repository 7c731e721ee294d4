"""Case pages, and the pages of the referral, people and meeting subpackages."""

from __future__ import annotations

from django.urls import include, path

from cases import views

urlpatterns = [
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("cases/<int:case_id>/transfer/", views.case_transfer, name="case-transfer"),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer-detail"),
    path("transfers/<int:transfer_id>/accept/", views.transfer_accept, name="transfer-accept"),
    path("", include("cases.caselist.urls")),
    path("", include("cases.grants.urls")),
    path("", include("cases.needs.urls")),
    path("", include("cases.status.urls")),
    path("", include("cases.feedback.urls")),
    path("", include("cases.referrals.urls")),
    path("", include("cases.meetings.urls")),
    path("", include("cases.people.urls")),
    path("", include("cases.processes.urls")),
]
