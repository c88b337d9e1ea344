from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "peersupport.notifications"
    label = "notifications"
    verbose_name = "Notifications"
