from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "peersupport.core"
    label = "core"
    verbose_name = "Core"
