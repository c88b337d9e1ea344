import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from peersupport.accounts import roles, services
from peersupport.accounts.models import OrgUnit, User

PASSWORD = "correct-horse-battery-staple"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = OrgUnit.Kind.TEAM


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("name")
    org_unit = factory.SubFactory(OrgUnitFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        self.save()
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def give_role(user: User, role: str) -> User:
    services.role_grant(actor=None, user=user, role=role)
    return User.objects.get(pk=user.pk)


def give_second_factor(user: User) -> str:
    """Activate TOTP for a user the way allauth does; returns the secret for computing codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


__all__ = ["PASSWORD", "OrgUnitFactory", "UserFactory", "give_role", "give_second_factor", "roles"]
