"""The load of `make bench`, for locust (run by bench/drive.py; see docs/benchmarks.md).

Simulated people sign in as demo personas (the facilitator of the biggest group, the employee, the supporter
and the lead, all in that group) and read the main pages with a think time. Environment:
BENCH_TARGETS (the JSON of `bench.orgdata --targets`), BENCH_WAIT ("1-3" seconds, "0" for none),
BENCH_ONLY (one page's name: only that page), BENCH_RAMP ("start,step,seconds[,max]": add users
every `seconds` until the p95 of a step passes 200 ms), BENCH_RESULTS (a JSON file for queries per page and
the ramp's steps). The server's query count comes back in each response's X-Queries header
(bench/middleware.py).
"""

import json
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, constant, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.pages import pages

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115
PASSWORD = os.environ.get("DEMO_PASSWORD", "listen-with-care")
WAIT = os.environ.get("BENCH_WAIT", "1-3")
ONLY = os.environ.get("BENCH_ONLY", "")
RAMP = os.environ.get("BENCH_RAMP", "")
RESULTS = os.environ.get("BENCH_RESULTS", "")
PAGES = pages(TARGETS)

queries: dict[str, list[int]] = defaultdict(list)
timings: dict[str, list[tuple[float, float, bool]]] = defaultdict(list)  # (time, ms, failed) per page
signed_in = {"last": 0.0}  # when the last person finished signing in: figures count from after it
window: list[tuple[float, float]] = []  # (time, ms) of the current ramp step
steps: list[dict] = []


@events.request.add_listener
def _count(name, response_time, response=None, exception=None, **kwargs):
    if response is not None and name in PAGES:
        header = response.headers.get("X-Queries")
        if header is not None:
            queries[name].append(int(header))
        now = time.monotonic()
        window.append((now, response_time))
        timings[name].append((now, response_time, exception is not None))


@events.quitting.add_listener
def _save(environment, **kwargs):
    if RESULTS:
        with open(RESULTS, "w") as out:
            json.dump(
                {"queries": queries, "steps": steps, "timings": timings, "signed_in": signed_in["last"]}, out
            )


class Person(HttpUser):
    abstract = True
    email = ""
    facilitator = False
    if WAIT == "0":
        wait_time = constant(0)
    else:
        low, high = (float(x) for x in WAIT.split("-"))
        wait_time = between(low, high)

    def on_start(self):
        if ONLY and PAGES[ONLY][2]:
            # A page only facilitators read is measured alone with every simulated person signed in as the
            # facilitator, so that it gets as many readers as any other page.
            self.email, self.facilitator = Facilitator.email, True
        page = self.client.get("/accounts/login/", name="sign-in")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign-in",
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{self.email} could not sign in ({answer.status_code})")
        signed_in["last"] = time.monotonic()
        self.pages = [
            (name, path, weight)
            for name, (path, weight, only_facilitators) in PAGES.items()
            if (not only_facilitators or self.facilitator) and (not ONLY or name == ONLY)
        ]
        if not self.pages:
            # Nothing to read: stop, rather than fail every task in a loop with no wait between (which
            # burnt the cores the server shares with locust).
            raise StopUser
        self.turn = random.randrange(100)  # noqa: S311 - people start at different pages

    @task
    def read(self):
        # A fixed rotation weighted by PAGES, so every person reads every page in the same proportions.
        rotation = [(name, path) for name, path, weight in self.pages for _ in range(weight)]
        name, path = rotation[self.turn % len(rotation)]
        self.turn += 1
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Facilitator(Person):
    weight = 3
    email = "facilitator@example.com"
    facilitator = True


class Employee(Person):
    weight = 4
    email = "employee@example.com"


class Supporter(Person):
    weight = 2
    email = "supporter@example.com"


class Lead(Person):
    weight = 1
    email = "lead@example.com"


if RAMP:

    class Ramp(LoadTestShape):
        """Adds users step by step; stops after the first step whose p95 passes 200 ms."""

        start, step, seconds, most = ([int(x) for x in RAMP.split(",")] + [2000])[:4]

        def __init__(self):
            super().__init__()
            self.level, self.level_started = 0, None

        def tick(self):
            now = time.monotonic()
            if self.level_started is None:
                self.level_started = now
            if now - self.level_started >= self.seconds:
                # Measure the step once its new people have signed in (sign-in hashes a password, slowly on
                # purpose) and are reading.
                settled = max(self.level_started + self.seconds / 3, signed_in["last"] + 2)
                times = sorted(ms for at, ms in window if at >= settled)
                users = self.start + self.level * self.step
                if times:
                    p95 = times[int(len(times) * 0.95)]
                    rate = len(times) / (now - settled)
                    steps.append({"users": users, "rps": round(rate, 1), "p95": round(p95)})
                window.clear()
                if not times or p95 > 200 or users + self.step > self.most:
                    return None
                self.level += 1
                self.level_started = now
            users = self.start + self.level * self.step
            return users, max(5, self.step)
