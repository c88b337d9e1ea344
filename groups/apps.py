from django.utils.translation import gettext_lazy as _

from peersupport.core.permissions import APPROVE_UNMASKING
from peersupport.core.pillars import NavEntry, Pillar, PillarConfig


class GroupsConfig(PillarConfig):
    default = True  # apps.py also names PillarConfig; this is the app's own config
    name = "groups"
    label = "groups"
    verbose_name = "Peer support groups"
    pillar = Pillar(
        urls="groups.urls",
        url_prefix="groups/",
        navigation=(
            NavEntry(_("Groups"), "groups:list"),
            # Break-glass requests, for the safeguarding leads who decide them.
            NavEntry(_("Safeguarding"), "groups:safeguarding", permission=APPROVE_UNMASKING),
        ),
        home_cards=(
            "groups.home.safeguarding",
            "groups.home.waiting_for_you",
            "groups.home.upcoming_sessions",
            "groups.home.find_a_group",
        ),
        demo_seeder="groups.demo.seed",
        registers=("groups.kinds", "groups.sections"),
        standings=("groups.selectors.standings",),
        beat_schedule={
            # Facilitators announced to their group start once the notice has run.
            "groups-start-due-facilitators": {
                "task": "groups.tasks.start_due_facilitators",
                "schedule": 60.0,
            },
            # Erased authors' anonymous posts are blanked at a random moment, not with their named ones.
            "groups-erase-due-writing": {"task": "groups.tasks.erase_due_writing", "schedule": 600.0},
            # Invitation forms whose task never reached a worker (the broker was down).
            "groups-requeue-invitation-batches": {
                "task": "groups.tasks.requeue_invitation_batches",
                "schedule": 120.0,
            },
        },
    )
