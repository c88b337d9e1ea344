"""The one way user-written text becomes HTML: Markdown without raw HTML, then an allowlist sanitiser."""

import nh3
from markdown_it import MarkdownIt

# CommonMark with raw HTML switched off: "<script>" in a post is text, never markup.
# Images are off too: `![alt](url)` shows as a plain link to the picture, so nothing loads from elsewhere.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Render untrusted Markdown to safe HTML: no scripts, no event handlers, links only to http(s)/mailto."""
    html = _parser.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )
