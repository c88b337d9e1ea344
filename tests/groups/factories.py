from groups.models import Theme
from groups.services import membership as services
from tests.accounts.factories import UserFactory


def make_group(
    *,
    facilitator,
    name="Parents at work",
    join_policy="open",
    visibility="listed",
    sensitive=False,
    members=(),
):
    """A group made the way programme leads make them, with members who joined through the service."""
    lead = UserFactory()
    theme, _created = Theme.objects.get_or_create(name=f"{name} theme", defaults={"sensitive": sensitive})
    group = services.group_create(
        actor=lead,
        name=name,
        theme=theme,
        description="A place to talk.",
        join_policy=join_policy,
        visibility=visibility,
        allow_anonymous=True,
        facilitators=[facilitator],
    )
    for person in members:
        if join_policy != "open":
            services.membership_invite(actor=facilitator, group=group, user=person)
        services.membership_join(actor=person, group=group, accept_agreement=True)
    return group
