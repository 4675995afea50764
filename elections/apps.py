from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections and candidatures")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (the council's results, acted on)
