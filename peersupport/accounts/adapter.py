from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from peersupport.accounts import services
from peersupport.accounts.access import invitation_proven_by_link


class AccountAdapter(DefaultAccountAdapter):
    """Our sign-up form decides who may join; here the person's name and team are saved with the account."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.email = user.email.lower()
        user.display_name = data["display_name"].strip()
        user.org_unit_id = data.get("org_unit") or None
        # Only an invitation whose link was opened in this session is accepted here: someone typing an
        # invited address must not take its team or mark it used.
        invitation = invitation_proven_by_link(request)
        if invitation is not None and invitation.email.lower() != user.email:
            invitation = None
        if commit:
            services.user_signup_complete(user=user, invitation=invitation, request=request)
        return user

    def send_mail(self, template_prefix, email, context):
        # The crisis footer in allauth's e-mails comes from our base_message templates.
        context = {
            **context,
            "site_name": settings.SITE_NAME,
            "crisis_url": settings.SITE_URL + "/help/crisis/",
        }
        super().send_mail(template_prefix, email, context)
