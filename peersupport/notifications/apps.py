from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "peersupport.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from peersupport.notifications import sections  # noqa: F401 - registers its personal data
