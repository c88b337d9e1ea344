"""Spots words that suggest a risk to someone's life, so that help is offered at once.

It errs on the side of asking: a false alarm costs a facilitator a look; a miss could cost a life. It never
blocks a post. Shared by every app where people write.
"""

import re

_PATTERNS = [
    r"\bkill(ing)?\s+my\s*self\b",
    r"\bend(ing)?\s+(my|it)\s+(own\s+)?(life|all)\b",
    r"\bend\s+it\s+all\b",
    r"\btak(e|ing)\s+my\s+(own\s+)?life\b",
    r"\bsuicid(e|al)\b",
    r"\b(don'?t|do\s+not|no\s+longer)\s+want\s+to\s+(be\s+here|live|be\s+alive|exist|wake\s+up)\b",
    r"\b(no|nothing)\s+(reason\s+)?(left\s+)?to\s+live\s+for\b",
    r"\bno\s+reason\s+to\s+(live|go\s+on|keep\s+going)\b",
    r"\bbetter\s+off\s+(dead|without\s+me)\b",
    r"\bwant(ed)?\s+to\s+die\b",
    r"\bwish\s+i\s+(was|were)\s+(dead|never\s+born|gone)\b",
    r"\b(hurt|harm|cut|cutting|burn|burning)\s+my\s*self\b",
    r"\bself[-\s]?harm",
    r"\boverdos(e|ing)\b",
    r"\bcan'?t\s+(go\s+on|keep\s+going|do\s+this\s+any\s*more)\b",
    r"\bwon'?t\s+be\s+(around|here)\s+(much\s+longer|for\s+long|any\s*more|tomorrow)\b",
    r"\b(jump|jumping)\s+(off|in\s+front\s+of)\b",
    r"\bhang(ing)?\s+my\s*self\b",
    r"\b(stockpil|sav)(e|ed|ing)\s+(up\s+)?(my\s+)?(pills|tablets|medication)\b",
    r"\bsay(ing)?\s+goodbye\s+(to\s+)?(everyone|for\s+good|forever)\b",
    r"\b(going|threatened|threatening)\s+to\s+kill\s+me\b",
    r"\bafraid\s+(he|she|they)('ll|\s+will)\s+kill\s+me\b",
    r"\bdisappear\s+for\s+good\b",
    r"\bnot\s+worth\s+living\b",
]
_RISK = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def suggests_risk(text: str) -> bool:
    """True when the text contains a phrase suggesting a risk to life."""
    normalised = (text or "").replace("\u2019", "'")  # typographic apostrophes
    return bool(_RISK.search(normalised))
