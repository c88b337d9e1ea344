import re
from html.parser import HTMLParser

import pytest

from peersupport.core.markdown import render_markdown
from tests.core.xss_corpus import PAYLOADS

# What a browser takes as a URL's scheme; anything else before a colon makes the URL relative, so harmless.
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 200


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_rendering(payload):
    rendered = render_markdown(payload)
    collector = _Collector()
    collector.feed(rendered)
    assert "script" not in collector.tags
    assert not {"iframe", "object", "embed", "svg", "math", "img", "style", "form", "base", "meta"} & set(
        collector.tags
    )
    for tag, name, value in collector.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name in {"href", "title", "rel", "start"}, (tag, name)
        if name == "href":
            # The parser has already decoded entities once, as a browser does; browsers also drop tabs,
            # newlines and leading control characters from URLs before reading the scheme.
            cleaned = re.sub(r"[\x00-\x20]", "", value)
            scheme = SCHEME.match(cleaned)
            assert scheme is None or scheme.group(1).lower() in {"http", "https", "mailto"}, value


def test_ordinary_markdown_renders_as_expected():
    rendered = render_markdown("Hello **there**, see [the guide](https://example.org/guide).\n\n- one\n- two")
    assert "<strong>there</strong>" in rendered
    assert '<a href="https://example.org/guide" rel="nofollow noopener ugc">the guide</a>' in rendered
    assert "<li>one</li>" in rendered


def test_raw_html_is_shown_as_text_not_markup():
    assert render_markdown("<b>bold?</b>") == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n"


def test_images_become_plain_links():
    rendered = render_markdown("![a cat](https://example.org/cat.png)")
    assert "<img" not in rendered
    assert 'href="https://example.org/cat.png"' in rendered


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
