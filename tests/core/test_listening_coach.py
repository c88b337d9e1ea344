import pytest

from peersupport.core.listening_coach import review
from tests.core.listening_examples import EXAMPLES


@pytest.mark.parametrize(("sentence", "expected"), EXAMPLES, ids=[s for s, _e in EXAMPLES])
def test_the_coach_gives_the_expected_verdict(sentence, expected):
    result = review(sentence)
    assert set(result.flags) == expected
    assert len(result.hints) == len(expected)


def test_every_rule_has_an_example_that_trips_it():
    from peersupport.core.listening_coach import RULES

    tripped = set().union(*(expected for _sentence, expected in EXAMPLES))
    assert {rule.key for rule in RULES} <= tripped
