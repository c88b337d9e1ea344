"""Single-process timings of the benchmark's pages, with no load: `BENCH_PHASES=timings make bench`.

For profiling between full runs on a shared machine, where throughput figures would be noise: one process
signs in as each persona through Django's test client (the whole middleware stack, no HTTP) and reads each
page of bench/pages.py BENCH_TIMINGS_N times (30), printing the median and 90th percentile in milliseconds,
the queries and the size of each page, and the median's ratio to the trivial signed-in page's.
BENCH_PROFILE=<page name> prints where that page's time goes instead (cProfile, cumulative).
"""

import cProfile
import json
import os
import pstats
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.test import Client  # noqa: E402

from bench.pages import pages  # noqa: E402

PASSWORD = os.environ.get("DEMO_PASSWORD", "listen-with-care")
REQUESTS = int(os.environ.get("BENCH_TIMINGS_N", "30"))
PROFILE = os.environ.get("BENCH_PROFILE", "")
PERSONAS = ("facilitator", "employee")


def signed_in(persona: str) -> Client:
    client = Client(HTTP_HOST="localhost")
    answer = client.post("/accounts/login/", {"login": f"{persona}@example.com", "password": PASSWORD})
    if answer.status_code != 302:
        raise SystemExit(f"{persona} could not sign in ({answer.status_code})")
    return client


def read(client: Client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


def main() -> None:
    listed = pages(json.loads(open(os.environ["BENCH_TARGETS"]).read()))  # noqa: SIM115
    if PROFILE:
        client = signed_in(PERSONAS[0])
        path = listed[PROFILE][0]
        read(client, path)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [read(client, path) for _ in range(REQUESTS)])
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
        return
    for persona in PERSONAS:
        client = signed_in(persona)
        print(f"\n{persona}: median of {REQUESTS} requests, one process")
        print(f"{'page':<15}{'median ms':>10}{'p90 ms':>8}{'queries':>8}{'KiB':>6}{'vs trivial':>11}")
        trivial = None
        for name, (path, _weight, facilitators_only) in listed.items():
            if facilitators_only and persona != "facilitator":
                continue
            for _ in range(3):  # warm: templates compiled, session touched
                response = read(client, path)
            times = []
            for _ in range(REQUESTS):
                started = time.perf_counter()
                response = read(client, path)
                times.append((time.perf_counter() - started) * 1000)
            median = statistics.median(times)
            trivial = trivial or median
            print(
                f"{name:<15}{median:>10.1f}{sorted(times)[int(len(times) * 0.9)]:>8.1f}"
                f"{response.headers.get('X-Queries', '?'):>8}{len(response.content) / 1024:>6.0f}"
                f"{100 * trivial / median:>10.0f}%"
            )


if __name__ == "__main__":
    main()
