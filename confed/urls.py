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
    # A person's data, exported or erased: under the admin, across every app.
    path(
        "admin/members/person/<int:pk>/personal-data/",
        admin.site.admin_view(views.personal_data_export),
        name="personal_data_export",
    ),
    path(
        "admin/members/person/<int:pk>/erase/",
        admin.site.admin_view(views.personal_data_erase),
        name="personal_data_erase",
    ),
    path("admin/", admin.site.urls),
]

# Public pages: English at the plain URLs, French under /fr/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("members.urls")),
    path("", include("governance.urls")),
    path("", include("events.urls")),
    path("", include("documents.urls")),
    path("", include("about.urls")),
    path("", include("delegations.urls")),
    path("", include("subscriptions.urls")),
    path("", include("council.urls")),
    path("", include("elections.urls")),
    path("", include("awards.urls")),
    path("accounts/", include("members.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    prefix_default_language=False,
)
