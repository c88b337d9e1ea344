"""The stylesheet is built from Bootstrap's Sass with only the parts the pages use
(static/scss/bootstrap.scss, `make assets`), and the demo serves it as production does: hashed names,
compressed, cached for good."""

import re
from pathlib import Path

import crispy_bootstrap5

from tests.conftest import ROOT
from tests.core.test_demo import _python, _run_env

BUILT = ROOT / "static" / "vendor" / "bootstrap.css"
FULL = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.css"
CRISPY = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5"
# crispy-forms templates for layout objects no form here uses (accordions, modals, tabs, input groups...).
CRISPY_UNUSED = re.compile(
    r"accordion|modal|tab|prepended|floating|field_with_buttons|inline|alert|uneditable"
)
# Class names a template puts together from a value, e.g. alert-{{ message.level_tag }}.
BUILT_FROM_VALUES = {"alert-success", "alert-info", "alert-warning", "alert-danger"}


def _class_names(css: str) -> set[str]:
    css = re.sub(r"/\*.*?\*/|url\([^)]*\)", "", css, flags=re.S)
    return set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", css))


def _named_in_sources() -> dict[str, str]:
    """Every word inside a class attribute (or a class set in Python or JavaScript), with a file naming it."""
    files = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "static" / "js").glob("*.js")]
    files += [*(ROOT / "peersupport").rglob("*.py"), *(ROOT / "groups").rglob("*.py")]
    files += [path for path in CRISPY.rglob("*.html") if not CRISPY_UNUSED.search(path.name)]
    pattern = re.compile(
        r"""class(?:Name|List\.\w+\()?\s*[=:(]\s*["']([^"']+)|css_class\s*=\s*["']([^"']+)"""
        r"""|["']class["']\s*:\s*["']([^"']+)|field_classes\s*=\s*["']([^"']+)|f["']btn ([^"'{]+)"""
    )
    named = {}
    for path in files:
        if "emails" in path.parts:
            continue
        for match in pattern.finditer(path.read_text(errors="ignore")):
            value = re.sub(r"\{[%{].*?[%}]\}", " ", next(group for group in match.groups() if group))
            for word in value.split():
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                named.setdefault(word, str(where))
    for word in BUILT_FROM_VALUES:
        named.setdefault(word, "templates/includes/messages.html")
    return named


def test_every_bootstrap_class_the_pages_name_is_in_the_built_stylesheet():
    assert BUILT.exists(), "static/vendor/bootstrap.css is missing: run `make assets`"
    built, full = _class_names(BUILT.read_text()), _class_names(FULL.read_text())
    named = _named_in_sources()
    bootstrap_named = {word: where for word, where in named.items() if word in full}
    # The scan finds what the pages use (a broken pattern would find nothing and pass for the wrong reason).
    assert {"container", "navbar-expand-xl", "col-md-6", "form-control", "btn-outline-danger"} <= set(
        bootstrap_named
    )
    missing = {word: where for word, where in bootstrap_named.items() if word not in built}
    assert not missing, f"Bootstrap classes used but left out of static/scss/bootstrap.scss: {missing}"


def test_the_built_stylesheet_is_a_fraction_of_bootstraps():
    assert BUILT.exists(), "static/vendor/bootstrap.css is missing: run `make assets`"
    full_minified = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
    assert BUILT.stat().st_size < 0.5 * full_minified.stat().st_size
    assert "sourceMappingURL" not in BUILT.read_text()  # collectstatic would look for a map that is not there


def test_the_demo_serves_the_stylesheet_hashed_compressed_and_cached_for_good(tmp_path):
    """As `make run` serves it (DEBUG off, STATIC_MANIFEST on): collectstatic, then WhiteNoise."""
    result = _python(
        """
        import gzip, re, django
        from django.core.management import call_command
        django.setup()
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.test import Client
        from django.templatetags.static import static
        client = Client(HTTP_HOST="localhost")
        page = client.get("/accounts/login/").content.decode()
        print("LINKS", " ".join(re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)))
        url = static("vendor/bootstrap.css")
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
        body = b"".join(response.streaming_content)
        print("STATUS", response.status_code)
        print("ENCODING", response.headers.get("Content-Encoding"))
        print("CACHE", response.headers.get("Cache-Control"))
        print("SIZES", len(body), len(gzip.decompress(body)) if body[:2] == b"\\x1f\\x8b" else 0)
        plain = client.get(url)
        print("PLAIN", plain.headers.get("Content-Encoding"), plain.headers.get("Vary"))
        """,
        _run_env(),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    links = out["LINKS"].split()
    assert re.fullmatch(r"/static/vendor/bootstrap\.[0-9a-f]{12}\.css", links[0]), links
    assert re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", links[1]), links
    assert out["STATUS"] == "200"
    assert out["ENCODING"] == "gzip"
    assert "immutable" in out["CACHE"]
    assert int(re.search(r"max-age=(\d+)", out["CACHE"]).group(1)) >= 365 * 86400
    sent, size = map(int, out["SIZES"].split())
    assert size == BUILT.stat().st_size and sent < size / 4
    assert out["PLAIN"] == "None Accept-Encoding"
