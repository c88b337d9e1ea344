"""A generated corpus of hostile inputs for the Markdown renderer: raw HTML, event handlers, dangerous URL
schemes in every Markdown link form, encodings and obfuscations. Built by combination, so it grows with
each list below; `PAYLOADS` holds well over 200 distinct strings."""

import itertools

MARK = "window.__xss=1"

SCHEMES = [
    "javascript:{js}",
    "JaVaScRiPt:{js}",
    " javascript:{js}",
    "java\tscript:{js}",
    "java\nscript:{js}",
    "javascript&colon;{js}",
    "&#106;avascript:{js}",
    "&#x6A;avascript:{js}",
    "jav&#x09;ascript:{js}",
    "vbscript:msgbox(1)",
    "data:text/html,<script>{js}</script>",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    "%6Aavascript:{js}",
    "\\u006aavascript:{js}",
    "livescript:{js}",
    "javascript://%0a{js}",
    "jAvAsCrIpT&#58;{js}",
    "&#0000106avascript:{js}",
    "\x01javascript:{js}",
]
LINK_FORMS = [
    "[click]({url})",
    "[click](<{url}>)",
    '[click]({url} "title")',
    "<{url}>",
    "[click][ref]\n\n[ref]: {url}",
    "![img]({url})",
    "[![img](x)]({url})",
]
HANDLERS = [
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "onanimationstart",
    "ontoggle",
    "onpointerenter",
    "OnErRoR",
]
TAGS = [
    '<img src=x {h}="{js}">',
    '<svg {h}="{js}">',
    '<body {h}="{js}">',
    '<iframe src=x {h}="{js}">',
    '<details open {h}="{js}">',
    '<input autofocus {h}="{js}">',
    '<a href=# {h}="{js}">x</a>',
]
RAW = [
    "<script>{js}</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<scr<script>ipt>{js}</script>",
    '<iframe srcdoc="<script>{js}</script>">',
    '<object data="javascript:{js}">',
    '<embed src="javascript:{js}">',
    '<form action="javascript:{js}"><button>x</button></form>',
    '<math><a xlink:href="javascript:{js}">x</a></math>',
    "<style>@import 'javascript:{js}';</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    '<base href="javascript:{js}//">',
    '<link rel=stylesheet href="javascript:{js}">',
    "<!--<script>{js}</script>-->",
    "<![CDATA[<script>{js}</script>]]>",
    '<div style="background:url(javascript:{js})">',
    '<a href="' + "".join(f"&#{ord(c):07d}" for c in "javascript") + ':{js}">x</a>',
    "`<script>{js}</script>`",
    "```\n<script>{js}</script>\n```",
    "> <script>{js}</script>",
    "**<img src=x onerror={js}>**",
    "[<img src=x onerror={js}>](https://example.org)",
]


def _fill(template: str) -> str:
    return template.replace("{js}", MARK)


def _build() -> list[str]:
    payloads = [
        _fill(form.replace("{url}", scheme)) for form, scheme in itertools.product(LINK_FORMS, SCHEMES)
    ]
    payloads += [_fill(tag.replace("{h}", handler)) for tag, handler in itertools.product(TAGS, HANDLERS)]
    payloads += [_fill(raw) for raw in RAW]
    return list(dict.fromkeys(payloads))


PAYLOADS = _build()
