from __future__ import annotations

from django.urls import path

from . import live_views, meeting_views, pattern_views, views

urlpatterns = [
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/new/", views.referral_start, name="referral-start"),
    path("referrals/<uuid:public_id>/", views.referral_detail, name="referral-detail"),
    path("referrals/<uuid:public_id>/tasks/", views.referral_tasks, name="referral-tasks"),
    path("referrals/<uuid:public_id>/check/", views.referral_check, name="referral-check"),
    path("referrals/<uuid:public_id>/send/", views.referral_send, name="referral-send"),
    path("referrals/<uuid:public_id>/receive/", views.referral_receive, name="referral-receive"),
    path("referrals/<uuid:public_id>/return/", views.referral_return, name="referral-return"),
    path("referrals/<uuid:public_id>/review/", views.referral_review, name="referral-review"),
    path("referrals/<uuid:public_id>/people/<slug:group>/", views.referral_people, name="referral-people"),
    path("referrals/<uuid:public_id>/link/<int:person_id>/", views.referral_person_link, name="referral-person-link"),
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
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/conflict/", meeting_views.conflict_declare, name="conflict-declare"),
    path("meetings/", meeting_views.meeting_list, name="meeting-list"),
    path("meetings/new/", meeting_views.meeting_add, name="meeting-add"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/circulate/", meeting_views.agenda_circulate, name="meeting-circulate"),
    path("meetings/<int:meeting_id>/invite/", meeting_views.meeting_invite, name="meeting-invite"),
    path("meetings/<int:meeting_id>/attendance/", meeting_views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/move/", meeting_views.agenda_move, name="agenda-move"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/", meeting_views.agenda_item_update, name="agenda-item"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/reschedule/",
        meeting_views.agenda_reschedule,
        name="agenda-reschedule",
    ),
    path("notifications/", meeting_views.notification_list, name="notification-list"),
    path("meetings/<int:meeting_id>/live/", live_views.live_start, name="live-start"),
    path("meetings/<int:meeting_id>/live/<int:item_id>/", live_views.live_item, name="live-item"),
    path("meetings/<int:meeting_id>/live/<int:item_id>/share/", live_views.live_share, name="live-share"),
    path("meetings/<int:meeting_id>/live/<int:item_id>/decisions/", live_views.live_decisions, name="live-decisions"),
    path("meetings/<int:meeting_id>/minutes/", live_views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:meeting_id>/agenda.pdf", live_views.agenda_pdf, name="agenda-pdf"),
    path("meetings/<int:meeting_id>/minutes.pdf", live_views.minutes_pdf, name="minutes-pdf"),
    path("cases/<int:case_id>/transfer/", views.case_transfer, name="case-transfer"),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer-detail"),
    path("transfers/<int:transfer_id>/accept/", views.transfer_accept, name="transfer-accept"),
    path("people/<int:person_id>/pattern/", pattern_views.person_pattern, name="person-pattern"),
    path("people/search/", views.people_search, name="people-search"),
]
