from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from health_check.views import HealthCheckView

from core import views as core_views
from core.ops import health as ops_health
from core.ops import metrics as ops_metrics

# The admin has no login of its own: it goes through allauth, so its rate
# limits, enumeration protection and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "EDP Platform"

urlpatterns = [
    path("", include("portal.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    # Liveness: the process answers (no dependency). Readiness: DB, cache,
    # broker and migrations (django-health-check; ?format=json for probes).
    path("health/", core_views.healthz, name="health"),
    path("ready/", HealthCheckView.as_view(checks=ops_health.READY_CHECKS), name="ready"),
    path("metrics", ops_metrics.metrics, name="metrics"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("organisations/", include("stakeholders.urls")),
    path("edp/", include("edp.urls")),
    path("evaluation/", include("evaluations.urls")),
    path("consultations/", include("consultations.urls")),
    path("priorities/", include("priorities.urls")),
    path("plans/", include("plans.urls")),
    path("councils/", include("councils.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
