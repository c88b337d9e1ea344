from django.utils.translation import gettext_lazy as _

from peersupport.core.pillars import NavEntry, Pillar, PillarConfig


class TrainingConfig(PillarConfig):
    default = True  # apps.py also names PillarConfig; this is the app's own config
    name = "training"
    label = "training"
    verbose_name = "Listening and empathy training"
    pillar = Pillar(
        urls="training.urls",
        url_prefix="training/",
        navigation=(NavEntry(_("Training"), "training:list"),),
        home_cards=("training.home.continue_training",),
        demo_seeder="training.demo.seed",
        registers=("training.kinds", "training.sections"),
        standings=("training.selectors.standings",),
        name_badges=("training.selectors.name_badges",),
        beat_schedule={
            # After a programme lead changes what is required, the task runs at once; this catches a
            # publish that never reached a worker.
            "training-issue-due-certificates": {
                "task": "training.tasks.issue_due_certificates",
                "schedule": 3600.0,
            },
        },
    )
