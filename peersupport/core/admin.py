from django.contrib import admin

from peersupport.core.models import AuditEvent, CrisisResource
from peersupport.core.personal_data import is_confidential_action


@admin.register(CrisisResource)
class CrisisResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "value", "available", "is_urgent", "position"]
    list_editable = ["position"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit rows are append-only and hold no confidential text."""

    list_display = ["occurred_at", "action", "actor", "actor_label", "subject_shown", "outcome", "ip_address"]
    fields = [
        "occurred_at",
        "action",
        "actor",
        "actor_label",
        "subject_shown",
        "target_type",
        "target_shown",
        "outcome",
        "ip_address",
        "metadata",
    ]
    readonly_fields = fields
    list_filter = ["action", "outcome"]
    list_select_related = ["actor", "subject"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="subject")
    def subject_shown(self, event):
        return "withheld" if is_confidential_action(event.action) else event.subject

    @admin.display(description="target id")
    def target_shown(self, event):
        return "withheld" if is_confidential_action(event.action) else event.target_id
