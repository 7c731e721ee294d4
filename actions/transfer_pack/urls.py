from __future__ import annotations

from django.urls import path

from actions.transfer_pack import views

urlpatterns = [
    path("transfers/<int:transfer_id>/pack/", views.transfer_pack, name="transfer-pack"),
]
