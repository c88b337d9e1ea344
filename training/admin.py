"""The Django admin shows certificates (holder and dates, which site admins may see) and nothing of anyone's
learning: progress, quiz answers and practice replies are not registered here, by design."""

from django.contrib import admin

from peersupport.core.admin import OfferedFiltersOnly
from training.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    list_display = ("user", "issued_at", "renewed_at", "expires_at")
    fields = ("user", "issued_at", "renewed_at", "expires_at")
    readonly_fields = fields
    search_fields = ("user__display_name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
