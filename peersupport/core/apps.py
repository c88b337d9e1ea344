from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "peersupport.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from peersupport.core import checks, sections  # noqa: F401 - registers checks and personal data
