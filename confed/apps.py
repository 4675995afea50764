from django.apps import AppConfig


class ConfedConfig(AppConfig):
    name = "confed"
    verbose_name = "confed"
