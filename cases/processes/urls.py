from __future__ import annotations

from django.urls import path

from cases.processes import views

urlpatterns = [
    path("cases/<int:case_id>/processes/", views.case_processes, name="case-processes"),
    path("cases/<int:case_id>/processes/<int:link_id>/end/", views.case_process_end, name="case-process-end"),
]
