"""The pages the benchmark reads (bench/locustfile.py) and reports on (bench/drive.py).

New pillars add their main pages here, and their data to bench/orgdata.py.
"""


def pages(targets: dict) -> dict[str, tuple[str, int, bool]]:
    """name -> (path, weight in the mix, facilitators only), for the organisation bench.orgdata built."""
    group = f"/groups/{targets['group']}/"
    thread = f"{group}threads/{targets['thread']}/"
    return {
        # Full middleware, a session and a signed-in user, a tiny template: what every page is compared with.
        "trivial": ("/bench/trivial/", 2, False),
        "home": ("/", 3, False),
        "groups": ("/groups/", 2, False),
        "group": (group, 3, False),  # the biggest group
        "thread": (thread, 3, False),  # its longest thread, first page
        # Half-way through that thread, by the keyset link its "Later" links use (?after=<reply>).
        "thread-deep": (f"{thread}?after={targets['thread_middle']}", 2, False),
        "notifications": ("/notifications/", 2, False),
        "privacy": ("/me/privacy/", 1, False),
        "moderation": (f"{group}moderation/", 2, True),  # the facilitator's queue for that group
        "session": (f"{group}sessions/{targets['session']}/", 2, False),  # the session with most answers
        # Training: the module list and the first module (30,000 learners, 60,000 attempts), the
        # directory (3,000 listed of 8,000 supporters) and the facilitators' roster of supporters.
        "training": ("/training/", 2, False),
        "training-module": (f"/training/{targets['training_module']}/", 1, False),
        "directory": ("/training/supporters/", 1, False),
        "roster": ("/training/roster/", 1, True),
    }
