from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from core import views as core_views

# The admin has no login of its own: it goes through allauth, so its rate
# limits, enumeration protection and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "EDP Platform"

urlpatterns = [
    path("", include("portal.urls")),
    path("healthz", core_views.healthz, name="healthz"),
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
