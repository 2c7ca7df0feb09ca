from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Researcher profiles"

    def ready(self):
        from . import invalidation
        from .jobs import signals  # noqa: F401

        invalidation.connect()
