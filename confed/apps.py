from django.apps import AppConfig


class ConfedConfig(AppConfig):
    name = "confed"
    verbose_name = "confed"

    def ready(self) -> None:
        from . import cache

        cache.connect_signals()
