"""App config so the project package can hold shared template tags."""

from django.apps import AppConfig


class KlaMetroConfig(AppConfig):
    name = "kla_metro"
    verbose_name = "KLA Metro"
