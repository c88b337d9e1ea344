from django.core.management.base import BaseCommand

from groups.services import counts


class Command(BaseCommand):
    help = (
        "Count every group's members and every thread's replies again from the rows. Needed only after "
        "loading rows in bulk (the benchmark's data, a restore of part of a table); the services keep the "
        "numbers right otherwise."
    )

    def handle(self, *args, **options):
        counts.counts_refresh()
        self.stdout.write("Member and reply counts recounted.")
