from __future__ import annotations

from django.urls import path

from marac.tokens import views

urlpatterns = [
    path("account/api-tokens/", views.token_list, name="token-list"),
    path("account/api-tokens/new/", views.token_create, name="token-create"),
    path("account/api-tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path(
        "account/service-accounts/<int:account_id>/api-tokens/new/",
        views.service_token_create,
        name="service-token-create",
    ),
]
