"""Every XSS payload, rendered by render_markdown into the real page under the real CSP: nothing runs."""

import pytest

from tests.core.xss_corpus import MARK, PAYLOADS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp_violations = [];
document.addEventListener("securitypolicyviolation",
                          (e) => window.__csp_violations.push(e.violatedDirective));
"""


def test_no_payload_runs_in_the_browser(page, live_server, settings):
    settings.ROOT_URLCONF = "tests.extra_urls"
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)

    page.goto(live_server.url + "/markdown-corpus/")
    page.wait_for_load_state("networkidle")
    # Hover and click everything a payload might have turned into a trigger.
    for link in page.locator("main article a").all()[:60]:
        link.hover()

    assert page.evaluate("typeof window.__xss") == "undefined", MARK
    assert dialogs == []
    # The sanitiser, not the CSP, stopped them: the browser never had to refuse anything.
    assert page.evaluate("window.__csp_violations") == []
    assert page.locator("main article").count() == len(PAYLOADS)
