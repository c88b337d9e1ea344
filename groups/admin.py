from django.contrib import admin

from groups.models import PeerGroup, Theme
from peersupport.core.admin import OfferedFiltersOnly

# Memberships are not registered: who belongs to which group is for the group's own people only.


@admin.register(Theme)
class ThemeAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    list_display = ["name", "sensitive"]


@admin.register(PeerGroup)
class PeerGroupAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    """Names and settings only (DESIGN: site admins see a private group's name, nothing inside it)."""

    list_display = ["name", "theme", "visibility", "join_policy"]
    list_filter = ["theme", "visibility"]
    fields = ["name", "theme", "visibility", "join_policy", "allow_anonymous"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # Programme leads create groups in the app, which appoints facilitators.

    def has_delete_permission(self, request, obj=None):
        return False
