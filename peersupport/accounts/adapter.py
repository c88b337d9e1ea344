from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peersupport.accounts import selectors, services


def email_domain_allowed(email: str) -> bool:
    return email.rsplit("@", 1)[-1].lower() in settings.SIGNUP_ALLOWED_EMAIL_DOMAINS


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to the organisation's own e-mail domains, and to anyone holding an invitation."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).strip().lower()
        if email_domain_allowed(email) or selectors.invitation_open_for_email(email=email) is not None:
            return email
        domains = ", ".join(f"@{domain}" for domain in settings.SIGNUP_ALLOWED_EMAIL_DOMAINS)
        raise ValidationError(
            _(
                "Sign-up is open to work addresses ending in %(domains)s. If you work here with another "
                "address, please ask a site admin to invite you."
            )
            % {"domains": domains}
        )

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.email = user.email.lower()
        user.display_name = data["display_name"].strip()
        user.org_unit_id = data.get("org_unit") or None
        invitation = selectors.invitation_open_for_email(email=user.email)
        if commit:
            services.user_signup_complete(user=user, invitation=invitation, request=request)
        return user

    def send_mail(self, template_prefix, email, context):
        # The crisis footer in allauth's e-mails comes from our base_message templates.
        context = {**context, "site_name": settings.SITE_NAME, "crisis_url": settings.SITE_URL + "/help/crisis/"}
        super().send_mail(template_prefix, email, context)
