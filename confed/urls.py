from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("CIOR · CIOMR secretariat")
admin.site.site_title = _("CIOR · CIOMR secretariat")
admin.site.index_title = _("Records")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# Public pages: English at the plain URLs, French under /fr/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("members.urls")),
    path("", include("governance.urls")),
    path("", include("events.urls")),
    path("", include("documents.urls")),
    path("", include("delegations.urls")),
    path("accounts/", include("members.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    prefix_default_language=False,
)
