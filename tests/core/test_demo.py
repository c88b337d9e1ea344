"""The demo that `make run` serves behaves as production does (the product's own error pages, collected
static files), with allowances that only hold on this machine; production settings stay as strict.

These start fresh Python processes, because settings are read once per process from the environment."""

import os
import re
import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def _run_env(port: int = 8861) -> dict[str, str]:
    """The variables `make run` sets (RUN_ENV), read from a dry run of the Makefile, as a shell would."""
    dry_run = subprocess.run(
        ["make", "-n", "seed", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in dry_run.splitlines() if "manage.py seed_demo" in line)
    prefix = line.split(" .venv/bin/python")[0]
    values = {}
    for name, default in re.findall(r"(\w+)=\$\{\w+:-([^}]*)\}", prefix):
        values[name] = default
    return values


def _python(code: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DEMO", "SECRET_KEY"}}
    base.update(
        {
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "CELERY_BROKER_DIR": str(tmp_path / "broker"),
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        }
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_make_run_serves_with_debug_off_and_links_follow_its_port():
    env = _run_env(port=8861)
    assert env["DEBUG"] == "false" and env["DEMO"] == "true"
    assert env["SITE_URL"] == "http://localhost:8861"


def test_the_demo_shows_the_products_own_pages_and_migrate_says_nothing_to_wonder_about(tmp_path):
    result = _python(
        """
        import io, django
        from django.core.management import call_command
        django.setup()
        out = io.StringIO()
        call_command("migrate", interactive=False, skip_checks=False, stdout=out, stderr=out)
        call_command("createcachetable", stdout=out, stderr=out)
        print("MIGRATE-OUTPUT", out.getvalue().replace("\\n", " | "))
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.conf import settings
        from django.test import Client
        client = Client(HTTP_HOST="localhost")
        for path in ["/no-such-page/", "/events/", "/kudos/", "/insights/"]:
            response = client.get(path)
            page = response.content.decode()
            technical = "URLconf" in page or "Django tried these URL patterns" in page
            print("PAGE", path, response.status_code, technical, "Page not found" in page)
        css = client.get("/accounts/login/").content.decode()
        print("HASHED", bool(__import__("re").search(r"/static/css/app\\.[0-9a-f]{12}\\.css", css)))
        print("SETTINGS", settings.DEBUG, settings.SESSION_COOKIE_SECURE, bool(settings.SECRET_KEY))
        """,
        _run_env(),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    migrate = next(line for line in lines if line.startswith("MIGRATE-OUTPUT"))
    assert "WARNING" not in migrate and "HINT" not in migrate and "System check" not in migrate
    # Nothing on stderr either, apart from the log line each 404 below writes, as in production.
    noise = [line for line in result.stderr.splitlines() if "django.request Not Found" not in line]
    assert noise == [], result.stderr
    for line in lines:
        if line.startswith("PAGE"):
            assert line.split()[2:] == ["404", "False", "True"], line
    assert "HASHED True" in lines
    assert "SETTINGS False False True" in lines


def test_the_demo_refuses_to_answer_on_another_host(tmp_path):
    result = _python(
        "import django; django.setup()", {**_run_env(), "ALLOWED_HOSTS": "support.example.org"}, tmp_path
    )
    assert result.returncode != 0
    assert "DEMO answers only on localhost" in result.stderr


def test_production_stays_strict_without_the_demo(tmp_path):
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "support.example.org"}
    result = _python(
        """
        import django; django.setup()
        from django.conf import settings
        print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_NAME)
        """,
        production,
        tmp_path,
    )
    assert result.stdout.split() == ["True", "True", "__Host-sessionid"], result.stderr
    without_key = _python(
        "import django; django.setup()", {"DEBUG": "false", "ALLOWED_HOSTS": "x.org"}, tmp_path
    )
    assert "SECRET_KEY must be set" in without_key.stderr


def test_the_demo_server_answers_this_machine_only(tmp_path):
    """scripts/serve.sh (what `make run` starts) binds the web server to loopback unless BIND says otherwise:
    the demo's logins are public. The commands it runs are stand-ins that record their arguments."""
    import signal
    import time

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("python", "celery"):
        stub = bin_dir / name
        stub.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/{name}.args"\nexec sleep 30\n')
        stub.chmod(0o755)

    def web_address(extra_env):
        log = tmp_path / "python.args"
        log.unlink(missing_ok=True)
        env = {
            **os.environ,
            "BIN": str(bin_dir),
            "RUN_DIR": str(tmp_path / "run"),
            "PORT": "8999",
            **extra_env,
        }
        process = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=ROOT, env=env, start_new_session=True)
        try:
            for _ in range(100):
                if log.exists() and "runserver" in log.read_text():
                    break
                time.sleep(0.05)
            return log.read_text().split()[-1]
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)

    assert web_address({}) == "127.0.0.1:8999"
    assert web_address({"BIND": "192.0.2.7"}) == "192.0.2.7:8999"  # whatever BIND names
