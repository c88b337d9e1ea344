import contextlib

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.utils.translation import gettext_lazy as _

from peersupport.accounts import roles, services
from peersupport.accounts.models import Invitation, OrgUnit, User
from peersupport.core.admin import OfferedFiltersOnly
from peersupport.core.permissions import MANAGE_ROLES

# A sign-in address changes only through the flow the person sees (services.email_change_request), never
# by editing allauth's address rows directly.
with contextlib.suppress(NotRegistered):
    admin.site.unregister(EmailAddress)


class UserAdminForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Global roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, label) for name, (label, _perms) in roles.ROLES.items()],
        help_text=_("Every grant and revocation is recorded in the audit log, and the person is told."),
    )
    new_email = forms.EmailField(
        label=_("Move to a new sign-in address"),
        required=False,
        help_text=_(
            "The person is told at their current address and can stop it; the new address becomes the "
            "sign-in address only once it is confirmed from its own mailbox."
        ),
    )

    class Meta:
        model = User
        fields = ["display_name", "pronouns", "timezone", "org_unit", "is_active"]

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        if self.instance.pk:
            self.fields["roles"].initial = sorted(roles.role_names(self.instance))

    def clean_new_email(self):
        new_email = (self.cleaned_data["new_email"] or "").strip().lower()
        changing = new_email and new_email != self.instance.email.lower()
        if changing and User.objects.filter(email__iexact=new_email).exists():
            raise forms.ValidationError(_("Another account uses that address."))
        return "" if new_email == self.instance.email.lower() else new_email

    def clean_roles(self):
        wanted = set(self.cleaned_data["roles"])
        editing_self = self.editor is not None and self.instance.pk == self.editor.pk
        if editing_self and wanted - roles.role_names(self.instance):
            raise forms.ValidationError(_("You cannot give yourself a role; ask another site admin."))
        dropping_admin = (
            roles.SITE_ADMIN in roles.role_names(self.instance) and roles.SITE_ADMIN not in wanted
        )
        if self.instance.pk and dropping_admin and services.is_last_site_admin(self.instance):
            raise forms.ValidationError(
                _("This is the only site admin; give the role to someone else before taking it away.")
            )
        return sorted(wanted)


@admin.register(User)
class UserAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    """People: roles and activation go through the services, so they are audited and end sessions."""

    form = UserAdminForm
    list_display = ["email", "display_name", "org_unit", "is_active", "date_joined"]
    list_filter = ["is_active", "groups"]
    search_fields = ["email", "display_name"]
    list_select_related = ["org_unit"]
    readonly_fields = ["email", "date_joined", "last_login"]
    actions = ["deactivate"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class EditorBoundForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, editor=request.user, **inner)

        return EditorBoundForm

    def has_add_permission(self, request):
        return False  # People join by sign-up or invitation, never by hand.

    def has_delete_permission(self, request, obj=None):
        return False  # Erasure belongs to the privacy centre's flow.

    def save_model(self, request, obj, form, change):
        # Nothing is saved directly: every change goes through a service that audits it for the person.
        profile_changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.ADMIN_EDITABLE_FIELDS
        }
        obj.refresh_from_db()
        services.user_admin_update(actor=request.user, user=obj, changes=profile_changes, request=request)
        if form.cleaned_data.get("new_email"):
            try:
                services.email_change_request(
                    actor=request.user, user=obj, new_email=form.cleaned_data["new_email"], request=request
                )
            except services.EmailChangeError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The person has been told; the new address must be confirmed from its mailbox."),
                    messages.INFO,
                )
        if "is_active" in form.changed_data:
            wanted_active = form.cleaned_data["is_active"]
            toggle = services.user_reactivate if wanted_active else services.user_deactivate
            toggle(actor=request.user, user=obj, request=request)
        if not request.user.has_perm(MANAGE_ROLES):
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
class OrgUnitAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["parent"]


@admin.register(Invitation)
class InvitationAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    list_display = ["email", "display_name", "org_unit", "created_at", "sent_at", "accepted_at", "revoked_at"]
    search_fields = ["email"]
    list_select_related = ["org_unit"]

    def has_add_permission(self, request):
        return False  # Invitations are made on the people page, which queues the e-mail.

    def has_change_permission(self, request, obj=None):
        return False
