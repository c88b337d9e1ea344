from django.contrib import admin

from peersupport.core.models import AuditEvent, CrisisResource
from peersupport.core.personal_data import is_confidential_action


class OfferedFiltersOnly:
    """Django's admin accepts a filter on any field of the model in the address bar, even one the page
    hides (`?subject=<pk>` on withheld audit rows). Here only the filters the page offers (list_filter,
    date_hierarchy, search) work; anything else is refused with a 400."""

    def lookup_allowed(self, lookup, value, request=None):
        field, *rest = lookup.split("__")
        offered = {name for name in self.list_filter if isinstance(name, str)}
        if field in offered and rest in ([], ["exact"], ["id", "exact"], ["isnull"]):
            return super().lookup_allowed(lookup, value, request)
        if field == self.date_hierarchy and rest in (["year"], ["month"], ["day"], ["gte"], ["lt"]):
            return super().lookup_allowed(lookup, value, request)
        return False


@admin.register(CrisisResource)
class CrisisResourceAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    list_display = ["title", "kind", "value", "available", "is_urgent", "position"]
    list_editable = ["position"]


@admin.register(AuditEvent)
class AuditEventAdmin(OfferedFiltersOnly, admin.ModelAdmin):
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
        "metadata_shown",
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

    @admin.display(description="metadata")
    def metadata_shown(self, event):
        return "withheld" if is_confidential_action(event.action) else event.metadata

    @admin.display(description="target id")
    def target_shown(self, event):
        return "withheld" if is_confidential_action(event.action) else event.target_id
