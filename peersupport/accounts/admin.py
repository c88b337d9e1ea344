from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from peersupport.accounts import roles, services
from peersupport.accounts.models import Invitation, OrgUnit, User


class UserAdminForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Global roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, label) for name, (label, _perms) in roles.ROLES.items()],
        help_text=_("Every grant and revocation is recorded in the audit log."),
    )

    class Meta:
        model = User
        fields = ["email", "display_name", "pronouns", "timezone", "org_unit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(roles.role_names(self.instance))


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """People: roles and activation go through the services, so they are audited and end sessions."""

    form = UserAdminForm
    list_display = ["email", "display_name", "org_unit", "is_active", "date_joined"]
    list_filter = ["is_active", "groups"]
    search_fields = ["email", "display_name"]
    list_select_related = ["org_unit"]
    readonly_fields = ["date_joined", "last_login"]
    actions = ["deactivate"]

    def has_add_permission(self, request):
        return False  # People join by sign-up or invitation, never by hand.

    def has_delete_permission(self, request, obj=None):
        return False  # Erasure belongs to the privacy centre's flow.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "is_active" in form.changed_data:
            toggle = services.user_reactivate if obj.is_active else services.user_deactivate
            toggle(actor=request.user, user=obj, request=request)
        if not request.user.has_perm("accounts.manage_roles"):
            return
        wanted, held = set(form.cleaned_data["roles"]), roles.role_names(obj)
        for role in sorted(wanted - held):
            services.role_grant(actor=request.user, user=obj, role=role, request=request)
        for role in sorted(held - wanted):
            services.role_revoke(actor=request.user, user=obj, role=role, request=request)

    @admin.action(description=_("Deactivate and sign out the selected people"))
    def deactivate(self, request, queryset):
        count = 0
        for user in queryset.exclude(pk=request.user.pk).filter(is_active=True):
            services.user_deactivate(actor=request.user, user=user, request=request)
            count += 1
        self.message_user(request, _("%(count)d people deactivated.") % {"count": count}, messages.SUCCESS)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["parent"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "org_unit", "created_at", "sent_at", "accepted_at", "revoked_at"]
    search_fields = ["email"]
    list_select_related = ["org_unit"]

    def has_add_permission(self, request):
        return False  # Invitations are made on the people page, which queues the e-mail.

    def has_change_permission(self, request, obj=None):
        return False
