from django.core.management.base import BaseCommand, CommandError

from peersupport.accounts import roles, services
from peersupport.accounts.models import User
from peersupport.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Grant (or with --revoke, take away) a global role: " + ", ".join(roles.ROLES)

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=sorted(roles.ROLES))
        parser.add_argument("--revoke", action="store_true", help="Take the role away instead.")

    def handle(self, *args, email, role, revoke, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        change = services.role_revoke if revoke else services.role_grant
        try:
            change(actor=None, user=user, role=role)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        verb = "no longer has" if revoke else "now has"
        self.stdout.write(self.style.SUCCESS(f"{user.email} {verb} the {role} role."))
