"""The referral journey's pages."""

from __future__ import annotations

from django.urls import path

from cases.referrals import receipt_views, views

urlpatterns = [
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/new/", views.referral_start, name="referral-start"),
    path("referrals/<uuid:public_id>/", receipt_views.referral_detail, name="referral-detail"),
    path("referrals/<uuid:public_id>/tasks/", views.referral_tasks, name="referral-tasks"),
    path("referrals/<uuid:public_id>/check/", views.referral_check, name="referral-check"),
    path("referrals/<uuid:public_id>/send/", receipt_views.referral_send, name="referral-send"),
    path("referrals/<uuid:public_id>/receive/", receipt_views.referral_receive, name="referral-receive"),
    path("referrals/<uuid:public_id>/return/", receipt_views.referral_return, name="referral-return"),
    path("referrals/<uuid:public_id>/people/<slug:group>/", views.referral_people, name="referral-people"),
    path(
        "referrals/<uuid:public_id>/link/<int:person_id>/",
        receipt_views.referral_person_link,
        name="referral-person-link",
    ),
    path("referrals/<uuid:public_id>/people/<slug:group>/add/", views.referral_person, name="referral-person-add"),
    path(
        "referrals/<uuid:public_id>/people/<slug:group>/<int:person_id>/",
        views.referral_person,
        name="referral-person",
    ),
    path(
        "referrals/<uuid:public_id>/people/<slug:group>/<int:person_id>/remove/",
        views.referral_person_remove,
        name="referral-person-remove",
    ),
    path("referrals/<uuid:public_id>/<slug:section>/", views.referral_section, name="referral-section"),
]
