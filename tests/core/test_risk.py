import pytest

from peersupport.core.risk import suggests_risk
from tests.core.risk_examples import ORDINARY, RISK


def test_the_fixture_is_large_enough():
    assert len(RISK) >= 50 and len(ORDINARY) >= 50


@pytest.mark.parametrize("sentence", RISK)
def test_every_risk_sentence_is_caught(sentence):
    assert suggests_risk(sentence)


def test_at_most_five_ordinary_sentences_are_flagged():
    flagged = [sentence for sentence in ORDINARY if suggests_risk(sentence)]
    assert len(flagged) <= 5, flagged
