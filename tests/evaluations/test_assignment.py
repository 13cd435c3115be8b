"""The assignment algorithm, for random panels and ideas (hypothesis)."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluations.assignment import IdeaSlot, Reviewer, plan_assignments

HELICES = ["government", "industry", "academia", "civil_society"]
REASONS = ["organisation", "partner", "co_author", "declared"]


@st.composite
def problems(draw, *, with_conflicts=True, with_existing=True, with_capacity=False):
    n_reviewers = draw(st.integers(0, 9))
    reviewers = []
    for rid in range(1, n_reviewers + 1):
        capacity = draw(st.none() | st.integers(0, 6)) if with_capacity else None
        load = draw(st.integers(0, 3)) if with_existing else 0
        if capacity is not None:
            capacity = max(capacity, load)
        reviewers.append(Reviewer(id=rid, helix=draw(st.sampled_from(HELICES)), load=load, capacity=capacity))
    n_ideas = draw(st.integers(0, 12))
    ideas = []
    ids = [r.id for r in reviewers]
    for iid in range(100, 100 + n_ideas):
        assigned = (
            frozenset(draw(st.sets(st.sampled_from(ids), max_size=2))) if (ids and with_existing) else frozenset()
        )
        ideas.append(IdeaSlot(id=iid, assigned=assigned))
    conflicts = {}
    if with_conflicts and ids and ideas:
        pairs = draw(
            st.lists(st.tuples(st.sampled_from([i.id for i in ideas]), st.sampled_from(ids)), max_size=n_ideas * 3)
        )
        for pair in pairs:
            conflicts[pair] = draw(st.sampled_from(REASONS))
    k = draw(st.integers(1, 4))
    return ideas, reviewers, conflicts, k


def _reviewers_of(ideas, plan) -> dict[int, set[int]]:
    """Each idea's reviewers after the plan (existing plus new)."""
    on_idea = {i.id: set(i.assigned) for i in ideas}
    for idea_id, rid in plan.pairs:
        on_idea[idea_id].add(rid)
    return on_idea


def _check_common(ideas, reviewers, conflicts, k, plan):
    by_idea = {i.id: i for i in ideas}
    seen = set()
    for idea_id, rid in plan.pairs:
        assert (idea_id, rid) not in conflicts, "a conflicted pair was assigned"
        assert rid not in by_idea[idea_id].assigned, "an evaluator was assigned twice to an idea"
        assert (idea_id, rid) not in seen, "an evaluator was assigned twice to an idea"
        seen.add((idea_id, rid))
    got = Counter(i for i, _ in plan.pairs)
    for idea in ideas:
        assert len(idea.assigned) + got[idea.id] <= max(k, len(idea.assigned))
    loads = plan.loads(reviewers)
    for r in reviewers:
        if r.capacity is not None:
            assert loads[r.id] <= max(r.capacity, r.load)
    short = {s.idea_id: s for s in plan.shortfalls}
    for idea in ideas:
        missing = max(0, k - len(idea.assigned)) - got[idea.id]
        if missing:
            assert short[idea.id].missing == missing
        else:
            assert idea.id not in short
    return got, loads, short


@given(problems())
@settings(max_examples=150, deadline=None)
def test_never_conflicted_never_twice_and_shortfalls_explained(problem):
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    got, loads, short = _check_common(ideas, reviewers, conflicts, k, plan)
    for idea in ideas:
        eligible = [r for r in reviewers if r.id not in idea.assigned and (idea.id, r.id) not in conflicts]
        need = max(0, k - len(idea.assigned))
        # Without load caps an idea lacks reviewers only for want of
        # conflict-free evaluators, and the shortfall says exactly that.
        assert got[idea.id] == min(need, len(eligible))
        if idea.id in short:
            s = short[idea.id]
            assert s.eligible == len(eligible) < need
            assert s.panel_size == len(reviewers)
            declared = Counter(
                conflicts[(idea.id, r.id)]
                for r in reviewers
                if (idea.id, r.id) in conflicts and r.id not in idea.assigned
            )
            assert dict(s.conflicted) == dict(declared)


@given(problems())
@settings(max_examples=150, deadline=None)
def test_no_transfer_would_balance_loads_better(problem):
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    loads = plan.loads(reviewers)
    on_idea = _reviewers_of(ideas, plan)
    for idea_id, a in plan.pairs:
        for b in reviewers:
            if b.id in on_idea[idea_id] or (idea_id, b.id) in conflicts:
                continue
            # Moving this idea from a to b would narrow the spread of loads.
            assert loads[a] <= loads[b.id] + 1, (idea_id, a, b.id, loads)


@given(problems(with_conflicts=False, with_existing=False))
@settings(max_examples=100, deadline=None)
def test_loads_differ_by_at_most_one_when_nothing_prevents_it(problem):
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    loads = plan.loads(reviewers)
    if loads:
        assert max(loads.values()) - min(loads.values()) <= 1
    if len(reviewers) >= k:
        assert not plan.shortfalls


@given(problems(with_capacity=True))
@settings(max_examples=100, deadline=None)
def test_capacities_respected_and_shortfalls_counted(problem):
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    got, loads, short = _check_common(ideas, reviewers, conflicts, k, plan)
    for s in plan.shortfalls:
        # Either too few conflict-free evaluators, or the free ones are full.
        assert s.eligible < max(0, k - s.already_assigned) or s.at_capacity > 0


def _has_room(r, loads):
    return r.capacity is None or loads[r.id] < r.capacity


@given(problems(with_capacity=True))
@settings(max_examples=150, deadline=None)
def test_with_caps_no_transfer_to_someone_with_room_would_balance_better(problem):
    """Caps only ever bind: among the evaluators who still have room, the
    plan is as balanced as conflicts and existing assignments allow."""
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    _check_common(ideas, reviewers, conflicts, k, plan)
    loads = plan.loads(reviewers)
    on_idea = _reviewers_of(ideas, plan)
    for idea_id, a in plan.pairs:
        for b in reviewers:
            if b.id in on_idea[idea_id] or (idea_id, b.id) in conflicts or not _has_room(b, loads):
                continue
            assert loads[a] <= loads[b.id] + 1, (idea_id, a, b.id, loads)


@given(problems(with_conflicts=False, with_existing=False, with_capacity=True))
@settings(max_examples=150, deadline=None)
def test_with_caps_the_uncapped_stay_balanced(problem):
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    _check_common(ideas, reviewers, conflicts, k, plan)
    loads = plan.loads(reviewers)
    uncapped = [loads[r.id] for r in reviewers if r.capacity is None]
    if uncapped:
        assert max(uncapped) - min(uncapped) <= 1, loads
    if loads:
        top = max(loads.values())
        for r in reviewers:
            if _has_room(r, loads):
                # Someone with room is never two ideas behind anyone else.
                assert loads[r.id] >= top - 1, (r, loads)


@given(problems(with_capacity=True))
@settings(max_examples=150, deadline=None)
def test_shortfalls_name_every_free_evaluator_who_was_full(problem):
    """When an idea lacks reviewers, every evaluator free of conflict with it
    who did not get it is named as full: the caps, not the algorithm, are
    why — so the coordinator knows whose cap to raise."""
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    loads = plan.loads(reviewers)
    by_id = {r.id: r for r in reviewers}
    for s in plan.shortfalls:
        idea = next(i for i in ideas if i.id == s.idea_id)
        taken = {rid for iid, rid in plan.pairs if iid == s.idea_id}
        free = {
            r.id
            for r in reviewers
            if r.id not in idea.assigned and (idea.id, r.id) not in conflicts and r.id not in taken
        }
        assert set(s.at_capacity_ids) == free
        assert s.at_capacity == len(free)
        for rid in s.at_capacity_ids:
            assert by_id[rid].capacity is not None and loads[rid] >= by_id[rid].capacity


@given(problems(with_capacity=True))
@settings(max_examples=150, deadline=None)
def test_a_shortage_is_spread_over_the_ideas(problem):
    """No new reviewer of an idea could move to a shorter idea they are free
    for and leave both closer to even: a shortage hits every idea a little
    rather than some ideas entirely."""
    ideas, reviewers, conflicts, k = problem
    plan = plan_assignments(ideas, reviewers, per_idea=k, conflicts=conflicts)
    on_idea = _reviewers_of(ideas, plan)
    short = {s.idea_id for s in plan.shortfalls}
    for idea_id, rid in plan.pairs:
        for other in short:
            if rid in on_idea[other] or (other, rid) in conflicts:
                continue
            assert len(on_idea[idea_id]) <= len(on_idea[other]) + 1, (idea_id, other, rid)


def test_a_personal_cap_binds_and_the_rest_share_the_work():
    reviewers = [
        Reviewer(1, "industry", capacity=1),
        Reviewer(2, "academia"),
        Reviewer(3, "government"),
        Reviewer(4, "civil_society"),
    ]
    ideas = [IdeaSlot(100 + n) for n in range(6)]
    plan = plan_assignments(ideas, reviewers, per_idea=2)
    loads = plan.loads(reviewers)
    assert loads[1] == 1
    assert sorted(loads[r] for r in (2, 3, 4)) == [3, 4, 4]
    assert not plan.shortfalls


def test_caps_that_leave_an_idea_short_are_named():
    reviewers = [Reviewer(1, "industry", capacity=1), Reviewer(2, "academia", capacity=1)]
    plan = plan_assignments([IdeaSlot(5), IdeaSlot(6)], reviewers, per_idea=2)
    assert len(plan.pairs) == 2
    assert {s.idea_id for s in plan.shortfalls} == {5, 6}
    for s in plan.shortfalls:
        assert s.missing == 1 and s.at_capacity == 1 and len(s.at_capacity_ids) == 1


def test_panels_mix_helices_when_loads_allow():
    reviewers = [Reviewer(id=i, helix=HELICES[(i - 1) // 2]) for i in range(1, 9)]  # 2 per helix
    ideas = [IdeaSlot(id=100 + n) for n in range(8)]
    plan = plan_assignments(ideas, reviewers, per_idea=3)
    helix = {r.id: r.helix for r in reviewers}
    for idea in ideas:
        helices = [helix[rid] for iid, rid in plan.pairs if iid == idea.id]
        assert len(helices) == 3
        assert len(set(helices)) == 3, helices
    assert set(plan.loads(reviewers).values()) == {3}


def test_existing_assignments_count_towards_k_and_helix_mix():
    reviewers = [Reviewer(1, "industry", load=1), Reviewer(2, "industry"), Reviewer(3, "academia")]
    plan = plan_assignments([IdeaSlot(7, frozenset({1}))], reviewers, per_idea=2)
    assert plan.pairs == ((7, 3),)


def test_refusal_explains_itself():
    reviewers = [Reviewer(1, "industry"), Reviewer(2, "academia"), Reviewer(3, "government")]
    plan = plan_assignments(
        [IdeaSlot(5), IdeaSlot(6)], reviewers, per_idea=3, conflicts={(5, 1): "organisation", (5, 2): "declared"}
    )
    assert [p for p in plan.pairs if p[0] == 6] == [(6, 1), (6, 2), (6, 3)]
    (s,) = plan.shortfalls
    assert (s.idea_id, s.missing, s.eligible, s.panel_size) == (5, 2, 1, 3)
    assert dict(s.conflicted) == {"declared": 1, "organisation": 1}


def test_empty_inputs():
    assert plan_assignments([], [], per_idea=3).pairs == ()
    plan = plan_assignments([IdeaSlot(1)], [], per_idea=3)
    assert plan.shortfalls[0].missing == 3 and plan.shortfalls[0].panel_size == 0
