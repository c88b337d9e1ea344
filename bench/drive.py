"""Runs the load of `make bench` with locust and prints the figures (started by bench/run.sh).

Three runs against the same gunicorn and Celery worker:
1. steady: BENCH_USERS (50) people with 1-3 s think time over every page, for BENCH_SECONDS (75 s):
   p50 / p95 / p99, errors and queries per page;
2. capacity: each page alone, BENCH_PAGE_USERS (12) people with no think time for BENCH_PAGE_SECONDS (15 s):
   the requests per second the stack serves of that page, and its ratio to the trivial signed-in page;
3. ramp: the steady mix with think time, from 100 people adding 50 every 40 s until a step's p95 passes
   200 ms.
Then the peak resident memory (VmHWM) of each web worker and Celery process. The figures are printed and
written to var/bench/results.json; docs/benchmarks.md keeps them.
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "var" / "bench"))
HOST = os.environ["BENCH_HOST"]
LOCUST = os.environ.get("LOCUST", str(ROOT / ".venv-bench" / "bin" / "locust"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "75"))
PAGE_USERS = int(os.environ.get("BENCH_PAGE_USERS", "12"))
PAGE_SECONDS = int(os.environ.get("BENCH_PAGE_SECONDS", "15"))
RAMP = os.environ.get("BENCH_RAMP", "100,50,40,500")
# Which runs to make (a run left out keeps its figures from var/bench/results.json); "timings" alone runs no
# load and prints single-process timings of each page instead (bench/timings.py).
PHASES = os.environ.get("BENCH_PHASES", "steady,capacity,ramp").split(",")
sys.path.insert(0, str(ROOT))
from bench.pages import pages  # noqa: E402


def locust(label: str, users: int, seconds: int | None, **env) -> tuple[dict, dict]:
    """One headless locust run; returns its per-page stats (from the CSV) and the locustfile's results."""
    prefix = OUT / label
    results = OUT / f"{label}-extra.json"
    command = [LOCUST, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", HOST]
    command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"]
    if not env.get("BENCH_RAMP"):
        command += ["-u", str(users), "-r", str(max(5, users // 5)), "-t", f"{seconds}s"]
    run_env = {**os.environ, "BENCH_RESULTS": str(results), "BENCH_RAMP": "", **env}
    with open(OUT / f"{label}.log", "w") as log:
        subprocess.run(command, env=run_env, check=False, stdout=log, stderr=subprocess.STDOUT)
    stats = {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            stats[row["Name"]] = row
    extra = json.loads(results.read_text()) if results.exists() else {"queries": {}, "steps": []}
    return stats, extra


def settled(extra: dict, name: str) -> dict | None:
    """A page's figures from after the last sign-in (sign-in hashes a password, on purpose slowly, and would
    otherwise crowd the first seconds), as locust measured them."""
    start = extra["signed_in"] + 2
    rows = [(at, ms, failed) for at, ms, failed in extra["timings"].get(name, []) if at >= start]
    if not rows:
        return None
    times = sorted(ms for _at, ms, _failed in rows)
    span = max(at for at, _ms, _f in rows) - start or 1

    def pct(q):
        return times[min(len(times) - 1, int(len(times) * q))]

    return {
        "requests": len(rows),
        "errors": sum(1 for *_x, failed in rows if failed),
        "rps": len(rows) / span,
        "p50": pct(0.5),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean": sum(times) / len(times),
    }


def peak_rss(pidfile: str) -> list[int]:
    """VmHWM in MiB of a process and its children."""
    pid = Path(pidfile).read_text().strip()
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += children.read_text().split()
    peaks = []
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) // 1024)
    return peaks


def main() -> None:
    if PHASES == ["timings"]:
        # No load at all: each page timed in one process (bench/timings.py), for profiling between runs.
        subprocess.run([sys.executable, "-m", "bench.timings"], cwd=ROOT, check=True)
        return
    targets = json.loads(Path(os.environ["BENCH_TARGETS"]).read_text())
    names = list(pages(targets))
    previous = OUT / "results.json"
    figures = (
        json.loads(previous.read_text())
        if previous.exists() and PHASES != ["steady", "capacity", "ramp"]
        else {}
    )
    figures["targets"] = targets

    if "steady" in PHASES:
        steady_run(figures, names)
    if "capacity" in PHASES:
        capacity_run(figures, names)
    if "ramp" in PHASES:
        print(f"-- ramp: start,step,seconds,most = {RAMP} people with 1-3 s think time")
        _stats, extra = locust("ramp", 0, None, BENCH_WAIT="1-3", BENCH_RAMP=RAMP)
        figures["ramp"] = extra["steps"]
    figures["rss_web_mib"] = peak_rss(os.environ["BENCH_GUNICORN_PID"])[1:]
    figures["rss_celery_mib"] = peak_rss(os.environ["BENCH_WORKER_PID"])
    (OUT / "results.json").write_text(json.dumps(figures, indent=2))
    report(figures)


def steady_run(figures: dict, names: list[str]) -> None:
    print(f"\n-- steady: {USERS} people, 1-3 s think time, {SECONDS} s")
    _stats, extra = locust("steady", USERS, SECONDS, BENCH_WAIT="1-3")
    steady = {}
    for name in names:
        row = settled(extra, name)
        if row is None:
            continue
        row["queries"] = max(extra["queries"].get(name) or [0])
        steady[name] = row
    everything = [t for name in names for t in extra["timings"].get(name, [])]
    total = settled({"timings": {"all": everything}, "signed_in": extra["signed_in"]}, "all")
    figures["steady"] = steady
    figures["steady_total"] = {"rps": total["rps"], "p95": total["p95"]}


def capacity_run(figures: dict, names: list[str]) -> None:

    print(f"-- capacity: each page alone, {PAGE_USERS} people, no think time, {PAGE_SECONDS} s each")
    capacity = {}
    for name in names:
        _stats, page_extra = locust(f"page-{name}", PAGE_USERS, PAGE_SECONDS, BENCH_WAIT="0", BENCH_ONLY=name)
        row = settled(page_extra, name)
        if row:
            capacity[name] = {"rps": row["rps"], "p95": row["p95"]}
    figures["capacity"] = capacity


def report(figures: dict) -> None:
    trivial = figures["capacity"].get("trivial", {}).get("rps") or 1
    print()
    print(f"{'page':<15}{'p50':>7}{'p95':>7}{'p99':>7}{'err':>5}{'q':>5}{'alone r/s':>11}{'vs trivial':>11}")
    for name, row in figures["steady"].items():
        alone = figures["capacity"].get(name, {}).get("rps", 0)
        print(
            f"{name:<15}{row['p50']:>7.0f}{row['p95']:>7.0f}{row['p99']:>7.0f}{row['errors']:>5}"
            f"{row['queries']:>5}{alone:>11.1f}{100 * alone / trivial:>10.0f}%"
        )
    total = figures["steady_total"]
    print(f"\nsteady mix: {total['rps']:.1f} req/s, p95 {total['p95']:.0f} ms (milliseconds throughout)")
    for step in figures["ramp"]:
        print(f"ramp: {step['users']:>4} people  {step['rps']:>6.1f} req/s  p95 {step['p95']:>5} ms")
    print(f"peak RSS, web workers: {figures['rss_web_mib']} MiB; Celery: {figures['rss_celery_mib']} MiB")


if __name__ == "__main__":
    main()
