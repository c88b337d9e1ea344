from django.contrib import admin

from peersupport.core.models import AuditEvent, CrisisResource


@admin.register(CrisisResource)
class CrisisResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "value", "available", "is_urgent", "position"]
    list_editable = ["position"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit rows are append-only and hold no confidential text."""

    list_display = ["occurred_at", "action", "actor", "actor_label", "subject", "outcome", "ip_address"]
    list_filter = ["action", "outcome"]
    list_select_related = ["actor", "subject"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
