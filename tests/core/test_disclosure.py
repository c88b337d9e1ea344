"""Disclosure control: classic regressions, then an attacker who combines every published cell."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peersupport.core.disclosure import HIDDEN_TEXT, Period, Segment, disclose, hidden_count, min_cohort

K = 5


def _values(cells):
    return {cell.key: cell.value for cell in cells}


def test_two_small_siblings_hide_each_other_and_the_rest_is_shown():
    root = Segment("p", "Finance", 20, [Segment("a", "A", 3), Segment("b", "B", 4), Segment("c", "C", 13)])
    assert _values(disclose(root, k=K)) == {"p": 20, "a": None, "b": None, "c": 13}


def test_parent_minus_one_child_cannot_reveal_the_small_one():
    root = Segment("p", "Finance", 12, [Segment("a", "A", 9), Segment("b", "B", 3)])
    assert _values(disclose(root, k=K)) == {"p": 12, "a": None, "b": None}


def test_secondary_suppression_hides_the_next_smallest_until_the_hidden_total_reaches_k():
    root = Segment(
        "p",
        "P",
        40,
        [Segment("a", "A", 2), Segment("b", "B", 6), Segment("c", "C", 7), Segment("d", "D", 25)],
    )
    values = _values(disclose(root, k=K))
    assert values["a"] is None and values["b"] is None  # 2 alone is below k; 2 + 6 reaches it
    assert values["c"] == 7 and values["d"] == 25


def test_people_directly_in_a_parent_are_protected_like_a_hidden_child():
    # 3 people are in the division itself, in no team: showing both teams would reveal them.
    root = Segment("p", "Division", 33, [Segment("a", "A", 10), Segment("b", "B", 20)])
    values = _values(disclose(root, k=K))
    assert values["a"] is None and values["b"] == 20


def test_overlapping_breakdowns_of_the_same_people_each_keep_complements_of_at_least_k():
    by_team = Segment("all", "All", 30, [Segment("t1", "T1", 24), Segment("t2", "T2", 6)])
    by_theme = Segment("all", "All", 30, [Segment("x", "Carers", 26), Segment("y", "Parents", 4)])
    for tree in (by_team, by_theme):
        for cell in disclose(tree, k=K)[1:]:
            if not cell.hidden:
                assert 30 - cell.value >= K
    # Publishing T1 = 24 next to Carers = 26 bounds their overlap to 20..24: never an exact small count.
    assert _values(disclose(by_team, k=K))["t1"] == 24


def test_hidden_cells_say_so_and_never_read_zero():
    cells = disclose(Segment("p", "P", 3, [Segment("a", "A", 0)]), k=K)
    assert [str(cell) for cell in cells] == [str(HIDDEN_TEXT)] * 2
    assert hidden_count(cells) == 2


def test_every_part_of_a_hidden_segment_is_hidden():
    root = Segment(
        "g",
        "G",
        100,
        [Segment("p", "P", 97, [Segment("c", "C", 60), Segment("d", "D", 37)]), Segment("q", "Q", 3)],
    )
    values = _values(disclose(root, k=K))
    assert values["q"] is None and values["p"] is None  # complement: 100 - 97 = 3
    assert values["c"] is None and values["d"] is None


def test_k_can_be_raised_but_not_lowered(settings):
    assert min_cohort() == 5 and min_cohort(sensitive=True) == 10 and min_cohort(free_text=True) == 10
    settings.DISCLOSURE_MIN_COHORT = 3
    settings.DISCLOSURE_MIN_COHORT_SENSITIVE = 7
    assert min_cohort() == 5 and min_cohort(sensitive=True) == 10
    settings.DISCLOSURE_MIN_COHORT = 8
    assert min_cohort() == 8
    with pytest.raises(ValueError):
        disclose(Segment("p", "P", 10), k=4)


def test_periods_are_calendar_months_or_quarters_only():
    assert Period.parse("2026-02").end.day == 28
    assert (Period.parse("2026-Q4").start.month, Period.parse("2026-Q4").end.day) == (10, 31)
    for text in ["2026-13", "2026-Q5", "2026-01-01..2026-01-09", "last week"]:
        with pytest.raises(ValueError):
            Period.parse(text)


# --- Property: an attacker combining every published number never learns a count from 1 to k-1 ------


@st.composite
def org_trees(draw):
    size = draw(st.integers(min_value=1, max_value=500))
    parents = [None] + [draw(st.integers(min_value=0, max_value=i - 1)) for i in range(1, size)]
    # Mostly small numbers, so that many cells sit near k; many units have nobody directly in them.
    direct = [draw(st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 40])) for _ in range(size)]
    return parents, direct


def _build(parents, direct):
    nodes = [Segment(str(i), str(i), 0) for i in range(len(parents))]
    for i, parent in enumerate(parents):
        if parent is not None:
            nodes[parent].children.append(nodes[i])
    for i in reversed(range(len(parents))):  # children always have higher numbers than their parent
        nodes[i].count = direct[i] + sum(child.count for child in nodes[i].children)
    return nodes


def _attack(parents, direct, published, k):
    """Propagate what the published cells and the tree's sums give away; check every derivable count.

    The attacker knows the structure, and knows which units have nobody directly in them (a unit
    without employees of its own). Unknowns: hidden segments' counts and nonzero direct counts.
    """
    n = len(parents)
    children = [[] for _ in range(n)]
    for i, parent in enumerate(parents):
        if parent is not None:
            children[parent].append(i)
    known_total = {i: published[i] for i in range(n) if published[i] is not None}
    known_direct = {i: 0 for i in range(n) if direct[i] == 0}
    true_total = [0] * n
    for i in reversed(range(n)):
        true_total[i] = direct[i] + sum(true_total[c] for c in children[i])

    def check(value, what):
        assert value == 0 or value >= k, f"derived {what} = {value}"

    changed = True
    while changed:
        changed = False
        for p in range(n):
            if not children[p] and p not in known_direct:
                continue
            # Equation: total(p) = direct(p) + sum(total(children)).
            unknown_children = [c for c in children[p] if c not in known_total]
            direct_unknown = p not in known_direct
            if p in known_total:
                rest = known_total[p] - sum(known_total[c] for c in children[p] if c in known_total)
                rest -= known_direct.get(p, 0)
                check(rest, f"parent {p} minus its known parts")  # a sum of hidden people
                if len(unknown_children) + direct_unknown == 1:
                    if direct_unknown:
                        known_direct[p] = rest
                    else:
                        known_total[unknown_children[0]] = rest
                    changed = True
            elif not unknown_children and not direct_unknown:
                known_total[p] = known_direct[p] + sum(known_total[c] for c in children[p])
                changed = True
    for i, value in known_total.items():
        assert value == true_total[i]
        check(value, f"total of {i}")
    for i, value in known_direct.items():
        check(value, f"people directly in {i}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=org_trees(), k=st.sampled_from([5, 10]))
def test_combining_published_cells_never_reveals_a_small_count(tree, k):
    parents, direct = tree
    nodes = _build(parents, direct)
    cells = disclose(nodes[0], k=k)
    published = [None] * len(nodes)
    for cell in cells:
        published[int(cell.key)] = cell.value
        assert cell.value is None or cell.value >= k
    _attack(parents, direct, published, k)
