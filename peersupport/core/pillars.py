"""The one seam a domain app (a pillar: groups, training, events, recognition) plugs into.

A pillar declares, once, on its AppConfig (`pillar = Pillar(...)`, the config subclassing PillarConfig):
its navigation entry, its cards in the home page's "your week", its demo seeder, the modules that register
its notification kinds and personal-data sections, its periodic tasks and (later) its insights metrics.
The project finds installed pillars here; nothing under peersupport/ names one.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import AppConfig, apps
from django.urls import reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None  # shown only to people who hold it


@dataclass(frozen=True)
class Pillar:
    # Its URL module and where it lives ("groups/"); peersupport/urls.py includes it.
    urls: str | None = None
    url_prefix: str = ""
    navigation: tuple[NavEntry, ...] = ()
    # Dotted paths of callables taking actor= and returning a card for "your week", or None.
    home_cards: tuple[str, ...] = ()
    # Dotted path of a callable taking people= (e-mail -> user), run by `manage.py seed_demo`.
    demo_seeder: str | None = None
    # Modules imported when the app is ready: notification kinds, personal-data sections, audit labels.
    registers: tuple[str, ...] = ()
    # Celery beat entries, merged into peersupport/celery.py's schedule; each entry commented where made.
    beat_schedule: dict = field(default_factory=dict)
    # Dotted paths of metric providers for the HR dashboards (the insights app reads them when it arrives).
    insights_metrics: tuple[str, ...] = ()
    # Dotted paths of callables taking actor= and returning the standings (below) the person holds in this
    # pillar, so another pillar can ask "does this person run a group?" without importing groups.
    standings: tuple[str, ...] = ()
    # Dotted paths of callables taking user_ids= and returning {user id: label} for the people who chose to
    # show a badge by their name (a peer supporter's), for another pillar's lists of named people.
    name_badges: tuple[str, ...] = ()


# Standings a pillar may grant; a pillar that decides something by another's standing names it from here.
FACILITATOR = "facilitator"  # runs at least one peer group
PEER_SUPPORTER = "peer_supporter"  # holds a current peer-supporter certificate


class PillarConfig(AppConfig):
    """The AppConfig a pillar subclasses; `ready()` imports what the pillar registers."""

    pillar: Pillar = Pillar()

    def ready(self):
        for module in self.pillar.registers:
            import_module(module)


def pillars() -> list[Pillar]:
    """The installed pillars, in INSTALLED_APPS order."""
    return [config.pillar for config in apps.get_app_configs() if isinstance(config, PillarConfig)]


def navigation_for(user, *, current_path: str) -> list[dict]:
    """The pillars' menu entries the person may see, with the one they are in marked."""
    entries = []
    for pillar in pillars():
        for entry in pillar.navigation:
            if entry.permission is None or user.has_perm(entry.permission):
                url = reverse(entry.url_name)
                entries.append({"label": entry.label, "url": url, "current": False})
    # The entry whose address is the longest start of this path is the one the person is in (so
    # /groups/safeguarding/ marks "Safeguarding", not "Groups" as well).
    matching = [e for e in entries if current_path.startswith(e["url"])]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["current"] = True
    return entries


def home_cards_for(actor) -> list[dict]:
    """Every pillar's cards for the person's week; pillars with nothing to show add nothing."""
    cards = [import_string(path)(actor=actor) for pillar in pillars() for path in pillar.home_cards]
    return [card for card in cards if card]


def standings_of(actor) -> set[str]:
    """Every standing the person holds across the pillars (none for someone signed out)."""
    if not actor.is_authenticated:
        return set()
    held = set()
    for pillar in pillars():
        for path in pillar.standings:
            held.update(import_string(path)(actor=actor))
    return held


def name_badges_for(user_ids) -> dict[int, list[str]]:
    """The badges every pillar shows by these people's names (one query per pillar, whatever the count)."""
    badges: dict[int, list[str]] = {}
    ids = list(user_ids)
    for pillar in pillars():
        for path in pillar.name_badges:
            for user_id, label in import_string(path)(user_ids=ids).items():
                badges.setdefault(user_id, []).append(label)
    return badges


def demo_seeders() -> list:
    return [import_string(pillar.demo_seeder) for pillar in pillars() if pillar.demo_seeder]


def beat_schedule() -> dict:
    schedule = {}
    for pillar in pillars():
        schedule.update(pillar.beat_schedule)
    return schedule
