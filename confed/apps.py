from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecretariatAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the secretariat's desk on its first page (confed.desk)."""

    default = False  # the confed app's own configuration is ConfedConfig
    default_site = "confed.desk.SecretariatSite"


class ConfedConfig(AppConfig):
    name = "confed"
    verbose_name = "confed"

    def ready(self) -> None:
        from . import cache, checks, personal_cache  # noqa: F401 (checks register themselves)
        from .admin import show_lockouts_in_brief

        cache.connect_signals()
        personal_cache.connect_signals()
        # The admin's app config, first of INSTALLED_APPS, has loaded every admin module.
        show_lockouts_in_brief()
