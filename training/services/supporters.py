"""A supporter's own choices: the badge, the directory, their topics and whether they are available."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.core.exceptions import ApplicationError
from peersupport.core.services import audit_record
from training import selectors
from training.models import SupporterProfile, SupporterTopic, Topic


class SupporterError(ApplicationError):
    pass


@transaction.atomic
def supporter_profile_update(
    *,
    actor,
    show_badge: bool,
    in_directory: bool,
    topics: list[str],
    available: bool,
    paused_until: date | None = None,
) -> SupporterProfile:
    """The person themself: how they appear as a peer supporter. Showing the badge or joining the directory
    needs a current certificate; pausing may name the day they are back."""
    if (show_badge or in_directory) and not selectors.is_supporter(user=actor):
        raise SupporterError(
            _("Only peer supporters with a current certificate can show the badge or join the directory.")
        )
    unknown = set(topics) - set(Topic.values)
    if unknown:
        raise SupporterError(_("Choose topics from the list."), field="topics")
    if paused_until is not None and available:
        raise SupporterError(
            _("Untick “I am available to colleagues now” to pause until that day, or clear the date."),
            field="paused_until",
        )
    if paused_until is not None and paused_until <= timezone.localdate():
        raise SupporterError(_("The day you are back must be after today."), field="paused_until")
    profile, _created = SupporterProfile.objects.select_for_update().get_or_create(user=actor)
    profile.show_badge, profile.in_directory = show_badge, in_directory
    profile.available, profile.paused_until = available, paused_until
    profile.save()
    profile.topics.exclude(topic__in=topics).delete()
    SupporterTopic.objects.bulk_create(
        [SupporterTopic(profile=profile, topic=topic) for topic in topics], ignore_conflicts=True
    )
    audit_record(actor=actor, action="training.supporter.updated", target=profile, subject=actor)
    return profile
