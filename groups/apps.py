from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    label = "groups"
    verbose_name = "Peer support groups"

    def ready(self):
        from groups import kinds, sections  # noqa: F401 - register notification kinds and personal data
