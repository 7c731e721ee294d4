from __future__ import annotations

from django.urls import path

from governance import views

urlpatterns = [
    path("governance/", views.dashboard, name="governance-dashboard"),
    path("governance/data-return.csv", views.data_return_csv, name="governance-csv"),
    path("governance/report.pdf", views.report_pdf, name="governance-pdf"),
    path("referrals/<uuid:public_id>/review/", views.referral_review, name="referral-review"),
]
