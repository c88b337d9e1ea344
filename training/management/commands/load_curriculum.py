from django.core.management.base import BaseCommand

from training.services.curriculum import curriculum_load


class Command(BaseCommand):
    help = "Add the training modules shipped with the app that are not there yet (never overwrites edits)."

    def handle(self, *args, **options):
        added = curriculum_load()
        self.stdout.write(f"Training: {len(added)} module(s) added.")
