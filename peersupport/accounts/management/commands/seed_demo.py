import os
import random

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from peersupport.accounts import roles, services
from peersupport.accounts.models import OrgUnit, User
from peersupport.core.models import CrisisResource
from peersupport.core.pillars import demo_seeders

DEFAULT_PASSWORD = "listen-with-care"  # noqa: S105 - the documented demo password, refused outside DEBUG/DEMO

# division -> department -> teams: eight teams in all.
ORG_TREE = {
    "Operations": {"Finance": ["Payroll", "Accounts"], "Facilities": ["Workplace"]},
    "Product": {"Engineering": ["Platform", "Mobile"], "Design": ["Research"]},
    "People": {"Talent": ["Recruiting", "Learning"]},
}

PERSONAS = [
    ("employee@example.com", "Amira Haddad", "she/her", None),
    ("facilitator@example.com", "Tomás Oliveira", "he/him", None),
    ("supporter@example.com", "Grace Mensah", "she/her", None),
    ("lead@example.com", "Priya Raman", "she/her", roles.PROGRAMME_LEAD),
    ("safeguarding@example.com", "Ruth Adeyemi", "she/her", roles.SAFEGUARDING_LEAD),
    ("hr@example.com", "Daniel Weber", "he/him", roles.HR_ADMIN),
    ("admin@example.com", "Sam Okafor", "they/them", roles.SITE_ADMIN),
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Femi",
    "Hannah",
    "Ibrahim",
    "Jun",
    "Kate",
    "Liam",
    "Maya",
    "Nikhil",
    "Olivia",
    "Pavel",
    "Rosa",
    "Sofia",
    "Theo",
    "Uma",
    "Victor",
    "Wen",
    "Yusuf",
    "Zara",
    "Marek",
]
LAST_NAMES = [
    "Adeyemi",
    "Brennan",
    "Chen",
    "Dubois",
    "Evans",
    "Fischer",
    "García",
    "Hughes",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Murphy",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rossi",
    "Singh",
    "Taylor",
    "Novak",
]

CRISIS_RESOURCES = [
    (
        "Emergency services",
        CrisisResource.Kind.PHONE,
        "999",
        "If you or someone else is in immediate danger, call now.",
        "Any time",
        True,
    ),
    (
        "Samaritans",
        CrisisResource.Kind.PHONE,
        "116 123",
        "Talk to someone about anything that's troubling you, in confidence.",
        "24 hours a day, every day",
        False,
    ),
    (
        "Employee Assistance Programme",
        CrisisResource.Kind.PHONE,
        "0800 000 0000",
        "Free, confidential counselling paid for by Example Ltd. Your employer never learns who called.",
        "24 hours a day",
        False,
    ),
    (
        "Shout",
        CrisisResource.Kind.TEXT,
        "",
        "Text SHOUT to 85258 for free, confidential support by text message.",
        "24 hours a day",
        False,
    ),
]


class Command(BaseCommand):
    help = "Create a demo organisation (8 teams, about 60 people) and one login per persona. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD,
            help=f"Password for every demo login (default: $DEMO_PASSWORD or {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even though neither DEBUG nor DEMO is on."
        )

    def handle(self, *args, password, force, **options):
        if not (settings.DEBUG or settings.DEMO) and not force:
            raise CommandError(
                "seed_demo creates accounts with a shared password; it refuses to run outside the demo "
                "(DEMO=true) or development (DEBUG=true) unless you pass --force."
            )
        with transaction.atomic():
            teams = self._org_units()
            created = self._people(teams, password)
            self._crisis_resources()
            # Each domain app seeds its own demo data; accounts never imports them directly.
            people = {user.email: user for user in User.objects.filter(is_active=True)}
            for seed in demo_seeders():
                seed(people=people)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {OrgUnit.objects.count()} org units, {User.objects.count()} people "
                f"({created} new). Demo password: {password}"
            )
        )

    def _org_units(self) -> list[OrgUnit]:
        teams = []
        for division_name, departments in ORG_TREE.items():
            division, _ = OrgUnit.objects.get_or_create(
                name=division_name, parent=None, defaults={"kind": OrgUnit.Kind.DIVISION}
            )
            for department_name, team_names in departments.items():
                department, _ = OrgUnit.objects.get_or_create(
                    name=department_name, parent=division, defaults={"kind": OrgUnit.Kind.DEPARTMENT}
                )
                for team_name in team_names:
                    team, _ = OrgUnit.objects.get_or_create(
                        name=team_name, parent=department, defaults={"kind": OrgUnit.Kind.TEAM}
                    )
                    teams.append(team)
        return teams

    def _people(self, teams: list[OrgUnit], password: str) -> int:
        rng = random.Random(2026)  # noqa: S311 - a fixed seed makes the demo the same on every machine
        people = [(email, name, pronouns, role) for email, name, pronouns, role in PERSONAS]
        used = {name for _email, name, _pronouns, _role in PERSONAS}
        while len(people) < 60:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name in used:
                continue
            used.add(name)
            local = name.lower().replace(" ", ".").replace("'", "").replace("í", "i")
            people.append((f"{local}@example.com", name, "", None))
        created = 0
        for index, (email, name, pronouns, role) in enumerate(people):
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, password, display_name=name, pronouns=pronouns, org_unit=teams[index % len(teams)]
                )
                created += 1
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if role:
                services.role_grant(actor=None, user=user, role=role)
        return created

    def _crisis_resources(self) -> None:
        if CrisisResource.objects.exists():
            return  # A site admin's own resources are never overwritten.
        for position, (title, kind, value, description, available, urgent) in enumerate(CRISIS_RESOURCES):
            CrisisResource.objects.create(
                title=title,
                kind=kind,
                value=value,
                description=description,
                available=available,
                position=position,
                is_urgent=urgent,
            )
