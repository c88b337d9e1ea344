from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "peersupport.accounts"
    label = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        from peersupport.accounts import receivers, sections, services  # noqa: F401 - sections register

        # Role groups and their permissions are configuration that must exist after every migrate.
        post_migrate.connect(services.roles_sync_from_migrate, sender=self)
        receivers.connect()
