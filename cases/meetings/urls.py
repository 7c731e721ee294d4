"""Meetings, agendas, the live meeting and minutes."""

from __future__ import annotations

from django.urls import path

from cases.meetings import views as meeting_views
from cases.meetings.attendance import views as attendance_views
from cases.meetings.conflicts import views as conflict_views
from cases.meetings.live import agreed as live_action_views
from cases.meetings.live import views as live_views
from cases.meetings.live.interim import views as interim_views
from cases.meetings.minutes import views as minutes_views
from cases.meetings.order import views as order_views
from cases.meetings.recirculation import views as recirculation_views
from cases.meetings.schedule_changes import views as schedule_change_views

urlpatterns = [
    path("cases/<int:case_id>/conflict/", meeting_views.conflict_declare, name="conflict-declare"),
    path("meetings/", meeting_views.meeting_list, name="meeting-list"),
    path("meetings/new/", meeting_views.meeting_add, name="meeting-add"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/circulate/", meeting_views.agenda_circulate, name="meeting-circulate"),
    path("meetings/<int:meeting_id>/recirculate/", recirculation_views.agenda_recirculate, name="agenda-recirculate"),
    path("meetings/<int:meeting_id>/invite/", meeting_views.meeting_invite, name="meeting-invite"),
    path(
        "meetings/<int:meeting_id>/suggested-order/",
        order_views.agenda_suggested_order,
        name="agenda-suggested-order",
    ),
    path("meetings/<int:meeting_id>/move/", schedule_change_views.meeting_move, name="meeting-move"),
    path("meetings/<int:meeting_id>/cancel/", schedule_change_views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/attendance/", attendance_views.meeting_attendance, name="meeting-attendance"),
    path(
        "meetings/<int:meeting_id>/conflicts/<int:conflict_id>/withdraw/",
        conflict_views.conflict_withdraw,
        name="conflict-withdraw",
    ),
    path("meetings/<int:meeting_id>/items/<int:item_id>/move/", meeting_views.agenda_move, name="agenda-move"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/", meeting_views.agenda_item_update, name="agenda-item"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/reschedule/",
        meeting_views.agenda_reschedule,
        name="agenda-reschedule",
    ),
    path("meetings/<int:meeting_id>/live/", live_views.live_start, name="live-start"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/interim/", interim_views.item_interim, name="item-interim"),
    path("meetings/<int:meeting_id>/live/<int:item_id>/", live_views.live_item, name="live-item"),
    path("meetings/<int:meeting_id>/live/<int:item_id>/open/", live_views.live_open, name="live-open"),
    path("meetings/<int:meeting_id>/live/<int:item_id>/share/", live_views.live_share, name="live-share"),
    path("meetings/<int:meeting_id>/live/<int:item_id>/decisions/", live_views.live_decisions, name="live-decisions"),
    path("meetings/<int:meeting_id>/minutes/", minutes_views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:meeting_id>/agenda.pdf", minutes_views.agenda_pdf, name="agenda-pdf"),
    path("meetings/<int:meeting_id>/minutes.pdf", minutes_views.minutes_pdf, name="minutes-pdf"),
    path(
        "meetings/<int:meeting_id>/live/<int:item_id>/actions/",
        live_action_views.live_action_add,
        name="live-action-add",
    ),
    path(
        "meetings/<int:meeting_id>/live/<int:item_id>/actions/<int:action_id>/",
        live_action_views.live_action_edit,
        name="live-action-edit",
    ),
    path(
        "meetings/<int:meeting_id>/live/<int:item_id>/actions/<int:action_id>/remove/",
        live_action_views.live_action_remove,
        name="live-action-remove",
    ),
]
