"""Who may open and post to the accounts pages, allauth's sign-in pages and the Django admin's door."""

from functools import cached_property

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.accounts import services
from peersupport.accounts.models import ImportBatch
from peersupport.accounts.tasks import email_change_path, invitation_token
from tests.accounts.factories import PASSWORD, OrgUnitFactory, UserFactory
from tests.matrix import SIGN_IN, Route, only, signed_in_only


class World:
    """Someone else's things (an invitation, an import, an export, an address change) and the persona's."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def other(self):
        return UserFactory(email="inviter@example.com")

    @cached_property
    def team(self):
        return OrgUnitFactory()

    @cached_property
    def invitation(self):
        return services.invitation_create(
            actor=self.other, email="newcomer@elsewhere.org", display_name="New Comer", org_unit=self.team
        )

    @cached_property
    def batch(self):
        return ImportBatch.objects.create(created_by=self.other, file_name="staff.csv", content="")

    @cached_property
    def export(self):
        export = services.data_export_request(actor=self.other)
        services.data_export_build(export_id=export.pk)
        return export

    @cached_property
    def email_change(self):
        return services.email_change_request(actor=None, user=self.other, new_email="moved@example.org")


SITE_ADMINS = only({"site_admin": 200})


def _import_body(world):
    csv = f"email,name,org_unit\nimported@example.com,Imported Person,{world.team.name}\n"
    return {"file": SimpleUploadedFile("staff.csv", csv.encode())}


ROUTES = [
    Route(
        "accounts:profile",
        lambda w: reverse("accounts:profile"),
        get=signed_in_only(),
        post=signed_in_only(302),
        body=lambda w: {"display_name": "A New Name", "pronouns": "", "timezone": "Europe/London"},
    ),
    Route(
        "accounts:privacy",
        lambda w: reverse("accounts:privacy"),
        get=signed_in_only(),
        post=signed_in_only(405),
    ),
    Route(
        "accounts:data_export_create",
        lambda w: reverse("accounts:data_export_create"),
        get=signed_in_only(405),
        post=signed_in_only(302),
    ),
    # Someone else's export is a 404 for everyone, site admins included, whatever the method.
    Route(
        "accounts:data_export_detail",
        lambda w: reverse("accounts:data_export_detail", args=[w.export.public_id]),
        get=signed_in_only(404),
        post=signed_in_only(404),
    ),
    Route(
        "accounts:data_export_download",
        lambda w: reverse("accounts:data_export_download", args=[w.export.public_id]),
        get=signed_in_only(404),
        post=signed_in_only(404),
    ),
    Route(
        "accounts:account_delete",
        lambda w: reverse("accounts:account_delete"),
        get=signed_in_only(),
        post=signed_in_only(302),
        body=lambda w: {"posts": "keep", "password": PASSWORD, "confirm": "on"},
    ),
    # The link in an invitation: to sign-up, or home when already signed in; never a POST.
    Route(
        "accounts:invitation_accept",
        lambda w: reverse("accounts:invitation_accept", args=[invitation_token(w.invitation)]),
        get={"*": 302},
        post={"*": 405},
    ),
    # An address change: whoever holds the signed link sees a confirmation page; a POST does it.
    Route(
        "accounts:email_change_confirm",
        lambda w: email_change_path(w.email_change),
        get={"*": 200},
        post={"*": 302},
    ),
    Route(
        "accounts:email_change_cancel",
        lambda w: email_change_path(w.email_change, cancel=True),
        get={"*": 200},
        post={"*": 302},
    ),
    Route(
        "accounts:people",
        lambda w: reverse("accounts:people"),
        get=SITE_ADMINS,
        post=only({"site_admin": 405}),
    ),
    Route(
        "accounts:invitation_create",
        lambda w: reverse("accounts:invitation_create"),
        get=only({"site_admin": 405}),
        post=only({"site_admin": 302}),
        body=lambda w: {"email": "invited@elsewhere.org", "display_name": "Invited", "org_unit": w.team.pk},
    ),
    Route(
        "accounts:import_create",
        lambda w: reverse("accounts:import_create"),
        get=only({"site_admin": 405}),
        post=only({"site_admin": 302}),
        body=_import_body,
    ),
    # Sending an invitation again is a button on the people page: POST only.
    Route(
        "accounts:invitation_resend",
        lambda w: reverse("accounts:invitation_resend", args=[w.invitation.public_id]),
        get=only({"site_admin": 405}),
        post=only({"site_admin": 302}),
    ),
    Route(
        "accounts:invitation_revoke",
        lambda w: reverse("accounts:invitation_revoke", args=[w.invitation.public_id]),
        get=SITE_ADMINS,
        post=only({"site_admin": 302}),
    ),
    Route(
        "accounts:import_detail",
        lambda w: reverse("accounts:import_detail", args=[w.batch.public_id]),
        get=SITE_ADMINS,
        post=only({"site_admin": 405}),
    ),
    # --- allauth: sign-in and account pages ---------------------------------------------------------------
    Route(
        "account_login",
        lambda w: reverse("account_login"),
        get={"anonymous": 200, "*": 302},
        post={"anonymous": 200, "*": 302},
    ),
    Route(
        "account_signup",
        lambda w: reverse("account_signup"),
        get={"anonymous": 200, "*": 302},
        post={"anonymous": 200, "*": 302},
    ),
    # Signed in: a confirmation page, and a POST signs out; anonymous: home.
    Route(
        "account_logout",
        lambda w: reverse("account_logout"),
        get={"*": 200, "anonymous": 302},
        post={"*": 302},
    ),
    Route("account_inactive", lambda w: reverse("account_inactive"), get={"*": 200}, post={"*": 405}),
    Route(
        "account_reauthenticate",
        lambda w: reverse("account_reauthenticate"),
        get=signed_in_only(),
        post=signed_in_only(200),
    ),
    Route(
        "account_email", lambda w: reverse("account_email"), get=signed_in_only(), post=signed_in_only(302)
    ),
    Route(
        "account_email_verification_sent",
        lambda w: reverse("account_email_verification_sent"),
        get={"*": 200},
        post={"*": 405},
    ),
    Route(
        "account_change_password",
        lambda w: reverse("account_change_password"),
        get=signed_in_only(),
        post=signed_in_only(200),
    ),
    # They have a password: sent to change it.
    Route(
        "account_set_password",
        lambda w: reverse("account_set_password"),
        get=signed_in_only(302),
        post=signed_in_only(302),
    ),
    Route(
        "account_reset_password", lambda w: reverse("account_reset_password"), get={"*": 200}, post={"*": 200}
    ),
    Route(
        "account_reset_password_done",
        lambda w: reverse("account_reset_password_done"),
        get={"*": 200},
        post={"*": 405},
    ),
    # An unknown key shows "link invalid".
    Route(
        "account_reset_password_from_key",
        lambda w: reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "not-a-real-key"}
        ),
        get={"*": 200},
        post={"*": 200},
    ),
    Route(
        "account_reset_password_from_key_done",
        lambda w: reverse("account_reset_password_from_key_done"),
        get={"*": 200},
        post={"*": 405},
    ),
    # An unknown key shows "link expired or invalid"; confirming it is a 404.
    Route(
        "account_confirm_email",
        lambda w: reverse("account_confirm_email", kwargs={"key": "not-a-real-key"}),
        get={"*": 200},
        post={"*": 404},
    ),
    # Login by code is off: nothing pending.
    Route(
        "account_confirm_login_code",
        lambda w: reverse("account_confirm_login_code"),
        get={"*": 302},
        post={"*": 302},
    ),
    Route("mfa_index", lambda w: reverse("mfa_index"), get=signed_in_only(), post=signed_in_only(405)),
    # Only within a sign-in that asked for a code.
    Route("mfa_authenticate", lambda w: reverse("mfa_authenticate"), get={"*": 302}, post={"*": 302}),
    # Changing a second factor asks for the password again first (302 to reauthenticate), except just after
    # signing in with a code, when the recent sign-in counts.
    Route(
        "mfa_reauthenticate",
        lambda w: reverse("mfa_reauthenticate"),
        get=only(dict.fromkeys(("hr_admin", "site_admin", "programme_lead", "facilitator"), 200), others=302),
        post=only(
            dict.fromkeys(("hr_admin", "site_admin", "programme_lead", "facilitator"), 200), others=302
        ),
    ),
    Route(
        "mfa_activate_totp",
        lambda w: reverse("mfa_activate_totp"),
        get=signed_in_only(302),
        post=signed_in_only(302),
    ),
    Route(
        "mfa_deactivate_totp",
        lambda w: reverse("mfa_deactivate_totp"),
        get=only(dict.fromkeys(("hr_admin", "site_admin", "programme_lead", "facilitator"), 302)),
        post=only(dict.fromkeys(("hr_admin", "site_admin", "programme_lead", "facilitator"), 302)),
    ),
    # None generated in these fixtures.
    Route(
        "mfa_view_recovery_codes",
        lambda w: reverse("mfa_view_recovery_codes"),
        get=signed_in_only(404),
        post=signed_in_only(405),
    ),
    Route(
        "mfa_generate_recovery_codes",
        lambda w: reverse("mfa_generate_recovery_codes"),
        get=signed_in_only(302),
        post=signed_in_only(302),
    ),
    Route(
        "mfa_download_recovery_codes",
        lambda w: reverse("mfa_download_recovery_codes"),
        get=signed_in_only(404),
        post=signed_in_only(404),
    ),
    Route(
        "mfa_list_webauthn",
        lambda w: reverse("mfa_list_webauthn"),
        get=signed_in_only(),
        post=signed_in_only(405),
    ),
    Route(
        "mfa_add_webauthn",
        lambda w: reverse("mfa_add_webauthn"),
        get=signed_in_only(302),
        post=signed_in_only(302),
    ),
    Route(
        "mfa_reauthenticate_webauthn",
        lambda w: reverse("mfa_reauthenticate_webauthn"),
        get=signed_in_only(302),
        post=signed_in_only(302),
    ),
    Route(
        "mfa_remove_webauthn",
        lambda w: reverse("mfa_remove_webauthn", kwargs={"pk": 999999}),
        get=signed_in_only(302),
        post=signed_in_only(302),
    ),
    Route(
        "mfa_edit_webauthn",
        lambda w: reverse("mfa_edit_webauthn", kwargs={"pk": 999999}),
        get=signed_in_only(302),
        post=signed_in_only(302),
    ),
    Route(
        "usersessions_list",
        lambda w: reverse("usersessions_list"),
        get=signed_in_only(),
        post=signed_in_only(302),
    ),
    # The Django admin: staff with a second factor only; everyone else goes to the admin sign-in, which
    # refuses signed-in non-staff. admin:index stands for the admin's generated pages
    # (tests/accounts/test_admin_changes.py covers the people pages).
    Route(
        "admin:index",
        lambda w: reverse("admin:index"),
        get={"site_admin": 200, "*": 302},
        post={"site_admin": 200, "*": 302},
    ),
]

__all__ = ["ROUTES", "SIGN_IN", "World", "settings"]
