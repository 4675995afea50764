from django.apps import AppConfig


class ConfedConfig(AppConfig):
    name = "confed"
    verbose_name = "confed"

    def ready(self) -> None:
        from . import cache, checks  # noqa: F401 (checks register themselves)

        cache.connect_signals()
