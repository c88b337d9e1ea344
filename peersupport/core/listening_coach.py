"""The listening coach: spots advice-giving and judgemental phrasings and suggests a gentler way to say it.

One rubric for the whole product: the groups app checks replies with it, and the training app will use the
same rubric in its exercises. It never blocks anything; it only offers a hint.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    key: str
    pattern: re.Pattern
    hint: str


def _rule(key: str, pattern: str, hint) -> Rule:
    return Rule(key, re.compile(pattern, re.IGNORECASE), hint)


RULES = [
    _rule(
        "should",
        r"\byou\s+(really\s+)?(should|must|need\s+to|have\s+to|ought\s+to)\b",
        _("“You should…” can sound like an instruction. Try “I wonder if…” or ask what they need."),
    ),
    _rule(
        "why_dont_you",
        r"\bwhy\s+(don'?t|do\s+not|didn'?t|not)\s+you\b",
        _("“Why don't you…” often lands as criticism. Try reflecting what you hear first."),
    ),
    _rule(
        "at_least",
        r"\bat\s+least\b",
        _("“At least…” can make someone's feelings seem smaller. Try naming the feeling instead."),
    ),
    _rule(
        "just",
        r"\b(just|simply)\s+(try|do|ignore|stop|get|be|tell|relax|let|move|go|think|talk|ask|say)\b",
        _("“Just…” can make a hard thing sound easy. Acknowledge that it is hard."),
    ),
    _rule(
        "if_i_were_you",
        r"\bif\s+i\s+were\s+you\b",
        _("“If I were you…” centres your view. Try asking what feels possible for them."),
    ),
    _rule(
        "advice",
        r"\b(my\s+advice|have\s+you\s+tried|what\s+you\s+need\s+to\s+do|you\s+could\s+(always\s+)?try)\b",
        _("This jumps to a solution. Ask what they have thought of, or what would help, before ideas."),
    ),
    _rule(
        "minimising",
        r"\b(don'?t\s+worry|cheer\s+up|look\s+on\s+the\s+bright\s+side|it\s+could\s+be\s+worse|"
        r"everything\s+happens\s+for\s+a\s+reason|calm\s+down|get\s+over\s+it)\b",
        _("Reassurance can feel dismissive. Try “That sounds really hard” instead."),
    ),
    _rule(
        "judging",
        r"\b(that'?s\s+(silly|stupid|ridiculous|overreacting)|you'?re\s+(overreacting|too\s+sensitive)|"
        r"you\s+always|you\s+never)\b",
        _("This might feel like judgement. Describe what you hear without labelling it."),
    ),
]


@dataclass(frozen=True)
class Review:
    flags: tuple[str, ...]
    hints: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def review(text: str) -> Review:
    """Which rubric rules a piece of text trips, with one gentle hint per rule."""
    hits = [rule for rule in RULES if rule.pattern.search(text or "")]
    return Review(tuple(rule.key for rule in hits), tuple(str(rule.hint) for rule in hits))
