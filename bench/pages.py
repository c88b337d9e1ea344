"""Page latency under concurrent load, and queries per page; run with `make bench`.

Starts gunicorn (2 workers) on the configured database, signs in as the demo employee over HTTP, then sends a
bounded number of requests to each page from BENCH_USERS concurrent clients on loopback and prints p50, p95
and throughput. Figures go in docs/benchmarks.md; nothing here is a test with a time limit.
"""

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
USERS = int(os.environ.get("BENCH_USERS", "50"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
# (page, signed in?)
PAGES = [
    ("/healthz", False),
    ("/accounts/login/", False),
    ("/help/crisis/", False),
    ("/", True),
    ("/me/", True),
    ("/groups/", True),
    ("/notifications/", True),
    ("/me/privacy/", True),
]
PASSWORD = os.environ.get("DEMO_PASSWORD", "listen-with-care")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sign_in(port: int) -> str:
    """Sign in as employee@example.com; returns the Cookie header for later requests."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "login": "employee@example.com", "password": PASSWORD})
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    cookies = [c.split(";")[0] for c in response.msg.get_all("Set-Cookie") or []]
    if response.status != 302:
        raise RuntimeError(f"sign-in failed with {response.status}; run `make seed` first")
    return "; ".join(cookies)


def hammer(port: int, path: str, cookie: str) -> tuple[list[float], float]:
    per_user = max(1, REQUESTS // USERS)

    def user(_):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        timings = []
        for _ in range(per_user):
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            timings.append(time.perf_counter() - started)
        return timings

    started = time.perf_counter()
    with ThreadPoolExecutor(USERS) as pool:
        timings = [t for batch in pool.map(user, range(USERS)) for t in batch]
    return timings, time.perf_counter() - started


def main() -> None:
    port = free_port()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true"), "STATIC_MANIFEST": "false"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "peersupport.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        cookie = sign_in(port)
        print(f"{USERS} concurrent clients, about {REQUESTS} requests per page, gunicorn with 2 workers\n")
        print(f"{'page':<20}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}")
        for path, signed_in in PAGES:
            timings, elapsed = hammer(port, path, cookie if signed_in else "")
            p95 = statistics.quantiles(timings, n=20)[18]
            print(
                f"{path:<20}{statistics.median(timings) * 1000:>10.1f}{p95 * 1000:>10.1f}"
                f"{len(timings) / elapsed:>10.0f}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
