from __future__ import annotations

from django.urls import path

from ppmt import views
from ppmt.between import views as between_views
from ppmt.tracker import views as tracker_views

urlpatterns = [
    path("meetings/<int:meeting_id>/research/", tracker_views.research_tracker, name="research-tracker"),
    path("meetings/<int:meeting_id>/research/remind/", tracker_views.research_remind, name="research-remind"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/research/", views.research_item, name="research-item"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/research/action/",
        views.research_action,
        name="research-action",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/research/agency-actions/",
        between_views.research_agency_action,
        name="research-agency-action",
    ),
    path("meetings/<int:meeting_id>/items/<int:item_id>/voice/", views.survivor_voice, name="survivor-voice"),
    path("people/<int:person_id>/pattern/", views.person_pattern, name="person-pattern"),
]
