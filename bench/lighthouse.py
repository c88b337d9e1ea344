"""Lighthouse's mobile profile, signed in, on the main pages; run with `make lighthouse`.

Starts the demo's web server as `make run` does (DEBUG off, hashed and compressed static files served by
WhiteNoise), or uses one already running (`--base-url`), signs in as the demo employee, finds a group they
belong to and a thread in it, and runs Lighthouse (the npm dev dependency) in headless Chromium on the home,
group list, group, thread and notifications pages. Each page is measured `--runs` times and the run with the
median performance score is reported: score, first and largest contentful paint, total blocking time, and the
bytes of CSS sent. Figures go in docs/benchmarks.md; nothing here is a test.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
EMAIL = os.environ.get("LIGHTHOUSE_EMAIL", "employee@example.com")
PASSWORD = os.environ.get("DEMO_PASSWORD", "listen-with-care")
CHROME_FLAGS = "--headless=new --no-sandbox"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """The web server of `make run` (runserver, settings from the environment the Makefile sets)."""
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The web server did not start; run `make install` first.")


class Session:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=15) as response:
            return response.read().decode()

    def sign_in(self, email: str, password: str) -> None:
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
        request = urllib.request.Request(  # noqa: S310 - the demo's own http:// address
            self.base_url + "/accounts/login/",
            data=body.encode(),
            headers={"Referer": self.base_url + "/accounts/login/"},
        )
        self.opener.open(request, timeout=15).read()
        if "sessionid" not in self.cookie_header():
            raise SystemExit(f"Could not sign in as {email}; is the demo seeded (`make seed`)?")

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def pages(session: Session) -> list[tuple[str, str]]:
    """The pages to measure: a group the person belongs to (the one with the most threads) and its first
    thread are found from the pages themselves."""
    listing = session.get("/groups/")
    candidates = sorted(set(re.findall(r'href="(/groups/[A-Za-z0-9_-]+/)"', listing)))
    best = None
    for group in candidates:
        page = session.get(group)
        threads = [
            link
            for link in re.findall(rf'href="({re.escape(group)}threads/[A-Za-z0-9_-]+/)"', page)
            if not link.endswith("/threads/new/")
        ]
        if threads and (best is None or len(threads) > len(best[1])):
            best = (group, threads)
    if best is None:
        raise SystemExit(f"{EMAIL} belongs to no group with a thread; is the demo seeded?")
    group, threads = best
    return [
        ("home", "/"),
        ("group list", "/groups/"),
        ("a group", group),
        ("a thread", threads[0]),
        ("notifications", "/notifications/"),
    ]


def lighthouse(url: str, cookie: str, out: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("CHROME_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--extra-headers=" + json.dumps({"Cookie": cookie}),
        ],
        check=True,
        env=env,
    )
    report = json.loads(out.read_text())
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    # Requests for data: URLs have no resourceType.
    stylesheets = [item for item in requests if item.get("resourceType") == "Stylesheet"]
    if report.get("runtimeError") or not requests or "/accounts/login/" in report["finalDisplayedUrl"]:
        raise SystemExit(f"Lighthouse did not measure {url} signed in: {report.get('runtimeError')}")
    return {
        "score": report["categories"]["performance"]["score"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "css": sum(item.get("transferSize", 0) for item in stylesheets),
        "chrome": report["environment"]["hostUserAgent"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running demo, e.g. http://localhost:8000 (default: start one)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median one is reported")
    parser.add_argument("--keep", type=Path, help="a folder to keep the JSON reports in")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make install` (npm ci) first.")

    server = None
    base_url = args.base_url
    if base_url is None:
        port = free_port()
        server = start_server(port)
        base_url = f"http://127.0.0.1:{port}"
    try:
        session = Session(base_url)
        session.sign_in(EMAIL, PASSWORD)
        cookie = session.cookie_header()
        folder = args.keep or Path(tempfile.mkdtemp(prefix="lighthouse-"))
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        chrome = ""
        for name, path in pages(session):
            runs = []
            for number in range(args.runs):
                slug = re.sub(r"\W+", "-", name)
                runs.append(lighthouse(base_url + path, cookie, folder / f"{slug}-{number + 1}.json"))
            median = sorted(runs, key=lambda run: run["score"])[len(runs) // 2]
            chrome = median["chrome"]
            scores = ", ".join(f"{run['score']:.2f}" for run in runs)
            rows.append((name, path, median, scores))
            print(f"{name:14} {median['score']:.2f}  (runs: {scores})", file=sys.stderr)
        print(f"\n{chrome}\n")
        print("| Page | score | runs | FCP s | LCP s | TBT ms | CLS | CSS sent KiB |")
        print("|---|---:|---|---:|---:|---:|---:|---:|")
        for name, path, run, scores in rows:
            print(
                f"| {name} (`{path}`) | {run['score']:.2f} | {scores} | {run['fcp'] / 1000:.2f} "
                f"| {run['lcp'] / 1000:.2f} | {run['tbt']:.0f} | {run['cls']:.3f} | {run['css'] / 1024:.1f} |"
            )
        print(f"\nmedian score {statistics.median(row[2]['score'] for row in rows):.2f}; reports in {folder}")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
