"""Security headers on every page, the production configuration, and templates the CSP can live with."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Error
from django.urls import reverse

from peersupport.core.checks import shared_cache_in_production
from tests.conftest import sign_in
from tests.matrix import app_matrices

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def _production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="peersupport.example.org",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_SETTINGS_MODULE="peersupport.settings",
    )
    env.update(overrides)
    return env


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_in_production_mode_with_nothing_silenced():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "SILENCED_SYSTEM_CHECKS" not in Path(ROOT / "peersupport/settings.py").read_text()


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secret_key_or_hosts(missing):
    result = _manage("check", env=_production_env(**{missing: ""}))
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_production_settings_are_strict():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_NAME, "
        "s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split(" ", 7) == [
        "31536000",
        "True",
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')\n",
    ], result.stderr


def test_a_process_local_cache_fails_the_deploy_check(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    errors = shared_cache_in_production(None)
    assert [type(e) for e in errors] == [Error]
    assert errors[0].id == "peersupport.E001"


def _assert_security_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict([*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip())
    assert directives.get("script-src") == "'self'", (url, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert directives.get("object-src") == "'none'", url
    assert directives.get("base-uri") == "'none'", url
    assert directives.get("frame-ancestors") == "'none'", url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", url


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "site_admin"])
def test_every_route_sends_the_security_headers(client, persona, request):
    if persona != "anonymous":
        sign_in(client, request.getfixturevalue(persona))
    for module in app_matrices():
        world = module.World(request)
        for route in module.ROUTES:
            url = route.url(world)
            response = client.get(url)
            _assert_security_headers(response, url)
            if persona != "anonymous" and route.name != "account_logout":
                assert "no-store" in response.headers.get("Cache-Control", ""), url
    _assert_security_headers(client.get("/no-such-page/"), "404")


@pytest.mark.django_db
def test_signed_in_pages_are_never_cached(client, employee):
    sign_in(client, employee)
    for url in [reverse("core:home"), reverse("accounts:profile"), reverse("core:crisis")]:
        cache_control = client.get(url).headers["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


@pytest.mark.parametrize(
    "template", sorted(p for p in TEMPLATES.rglob("*.html") if "emails" not in p.parts), ids=lambda p: p.name
)
def test_page_templates_have_no_inline_script_handler_or_style(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_HANDLER.search(text)
    assert not STYLE_ATTRIBUTE.search(text)
    assert "hx-on" not in text
    assert settings.STATIC_URL not in text or "{% static" in text


def test_a_copied_env_example_gives_a_working_development_setup():
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(values, DJANGO_SETTINGS_MODULE="peersupport.settings")
    result = _manage("check", env=env)
    assert result.returncode == 0, result.stderr
