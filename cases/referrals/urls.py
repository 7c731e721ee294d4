"""The referral journey's pages."""

from __future__ import annotations

from django.urls import path

from cases.referrals.views import drafting, handoff, receipt

urlpatterns = [
    path("referrals/", drafting.referral_list, name="referral-list"),
    path("referrals/new/", drafting.referral_start, name="referral-start"),
    path("referrals/<uuid:public_id>/", receipt.referral_detail, name="referral-detail"),
    path("referrals/<uuid:public_id>/tasks/", drafting.referral_tasks, name="referral-tasks"),
    path("referrals/<uuid:public_id>/check/", drafting.referral_check, name="referral-check"),
    path("referrals/<uuid:public_id>/send/", receipt.referral_send, name="referral-send"),
    path("referrals/<uuid:public_id>/receive/", receipt.referral_receive, name="referral-receive"),
    path("referrals/<uuid:public_id>/return/", receipt.referral_return, name="referral-return"),
    path(
        "referrals/<uuid:public_id>/return-to-practitioner/",
        handoff.referral_return_to_drafter,
        name="referral-return-to-drafter",
    ),
    path("referrals/<uuid:public_id>/delete/", handoff.referral_delete, name="referral-delete"),
    path("referrals/<uuid:public_id>/people/<slug:group>/", drafting.referral_people, name="referral-people"),
    path(
        "referrals/<uuid:public_id>/link/<int:person_id>/",
        receipt.referral_person_link,
        name="referral-person-link",
    ),
    path("referrals/<uuid:public_id>/people/<slug:group>/add/", drafting.referral_person, name="referral-person-add"),
    path(
        "referrals/<uuid:public_id>/people/<slug:group>/<int:person_id>/",
        drafting.referral_person,
        name="referral-person",
    ),
    path(
        "referrals/<uuid:public_id>/people/<slug:group>/<int:person_id>/remove/",
        drafting.referral_person_remove,
        name="referral-person-remove",
    ),
    path("referrals/<uuid:public_id>/<slug:section>/", drafting.referral_section, name="referral-section"),
]
