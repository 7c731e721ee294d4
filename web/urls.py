from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from actions import api as actions_api
from cases.meetings import api as meeting_api
from cases.referrals import api as case_api
from governance import views as governance_views
from marac.views import audit_log, auth, health, pages
from ppmt import api as ppmt_api
from web import views as home
from web.api_docs import ApiDocs

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-in/two-factor/", auth.two_factor, name="two-factor"),
    path("sign-in/two-factor/set-up/", auth.two_factor_set_up, name="two-factor-set-up"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("audit/", audit_log.audit_log, name="audit-log"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("health/", health.health, name="health"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", ApiDocs.as_view(), name="api-docs"),
    path("api/v1/referrals/", case_api.ReferralListCreate.as_view(), name="api-referrals"),
    path("api/v1/referrals/<uuid:public_id>/", case_api.ReferralDetail.as_view(), name="api-referral"),
    path("api/v1/meetings/", meeting_api.MeetingList.as_view(), name="api-meetings"),
    path("api/v1/actions/", actions_api.ActionList.as_view(), name="api-actions"),
    path("api/v1/governance/figures/", governance_views.GovernanceFiguresApi.as_view(), name="api-governance"),
    path("api/v1/actions/<int:action_id>/", actions_api.ActionDetail.as_view(), name="api-action"),
    path("api/v1/actions/<int:action_id>/updates/", actions_api.ActionUpdates.as_view(), name="api-action-updates"),
    path("api/v1/meetings/<int:meeting_id>/agenda/", meeting_api.MeetingAgenda.as_view(), name="api-agenda"),
    path(
        "api/v1/meetings/<int:meeting_id>/items/<int:item_id>/research/",
        ppmt_api.ItemResearch.as_view(),
        name="api-item-research",
    ),
    path("api/v1/meetings/<int:meeting_id>/circulate/", meeting_api.MeetingCirculate.as_view(), name="api-circulate"),
    path(
        "api/v1/meetings/<int:meeting_id>/attendance/", meeting_api.MeetingAttendance.as_view(), name="api-attendance"
    ),
    # Governance first: its referral review page shares a prefix with the referral sections.
    path("", include("governance.urls")),
    path("", include("cases.urls")),
    path("", include("ppmt.urls")),
    path("", include("actions.urls")),
    path("", include("marac.tokens.urls")),
    path("", include("marac.accounts.urls")),
    path("", include("marac.outbox.urls")),
    path("", include("marac.drafts.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "marac.views.errors.bad_request"
handler403 = "marac.views.errors.permission_denied"
handler404 = "marac.views.errors.page_not_found"
handler500 = "marac.views.errors.server_error"
