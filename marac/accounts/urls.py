from __future__ import annotations

from django.urls import path

from marac.accounts import views

urlpatterns = [
    path("account/invitation/<str:secret>/", views.invitation_accept, name="invitation-accept"),
    path("account/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("accounts/", views.account_list, name="account-list"),
    path("accounts/invite/", views.invite, name="account-invite"),
    path("accounts/invitations/<int:invitation_id>/resend/", views.invitation_resend, name="invitation-resend"),
    path("accounts/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("accounts/<int:user_id>/close/", views.deactivate, name="account-deactivate"),
    path("accounts/review/<int:area_id>/<int:agency_id>/", views.account_review, name="account-review"),
]
