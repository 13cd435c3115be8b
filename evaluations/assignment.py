"""Automatic assignment of evaluators to ideas: a pure function, no database.

The problem is a min-cost flow (source → idea → (idea, helix) → evaluator →
sink), solved by successive shortest paths with Dijkstra and potentials:

* the flow is maximal, so every idea gets as many reviewers as the panel,
  the conflicts and the load caps allow (never a conflicted pair, never the
  same evaluator twice on an idea: each idea→evaluator arc carries one unit);
* the evaluator→sink arcs cost the marginal increase of the squared load.
  Among maximal flows, minimising a sum of squares gives the "decreasingly
  minimal" load vector (Frank & Murota), which is at once the one with the
  smallest maximum and the largest minimum load: loads differ by at most one
  whenever the conflicts allow it;
* the source→idea arcs cost the marginal increase of the squared number of
  reviewers of the idea, so when caps or conflicts leave too few reviewers
  the shortage is spread (every idea gets someone before any gets its k-th);
* the idea→(idea, helix) arcs cost the number of evaluators of that helix the
  idea already has, so panels mix helices. Costs are scaled so that each
  concern dominates the next: load balance, then spreading a shortage, then
  helix mixing, which only chooses among otherwise equal plans.

Evaluators have no capacity unless one is given (a personal cap, or the
EDP-wide maximum), so with no caps an idea lacks reviewers only when too few
evaluators are free of conflict with it; with caps, the shortfall also names
the eligible evaluators who were full.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

INFINITE = float("inf")


@dataclass(frozen=True)
class Reviewer:
    """An evaluator of the panel, with the load they already carry."""

    id: int
    helix: str
    load: int = 0
    capacity: int | None = None  # the most ideas this person may hold in total


@dataclass(frozen=True)
class IdeaSlot:
    """An idea to review and the evaluators already (actively) assigned to it."""

    id: int
    assigned: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Shortfall:
    """An idea that could not get all its reviewers, and the counts that say why."""

    idea_id: int
    missing: int
    wanted: int
    panel_size: int
    already_assigned: int
    eligible: int
    conflicted: Mapping[str, int] = field(default_factory=dict)
    at_capacity: int = 0
    at_capacity_ids: tuple[int, ...] = ()  # eligible evaluators who were full


@dataclass(frozen=True)
class AssignmentPlan:
    pairs: tuple[tuple[int, int], ...]  # new (idea id, evaluator id) pairs
    shortfalls: tuple[Shortfall, ...]

    def loads(self, reviewers: Iterable[Reviewer]) -> dict[int, int]:
        """Each reviewer's load after the plan (existing plus new)."""
        loads = {r.id: r.load for r in reviewers}
        for _, evaluator_id in self.pairs:
            loads[evaluator_id] = loads.get(evaluator_id, 0) + 1
        return loads


class _Graph:
    __slots__ = ("to", "cap", "cost", "adj")

    def __init__(self, n: int) -> None:
        self.to: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []
        self.adj: list[list[int]] = [[] for _ in range(n)]

    def add_node(self) -> int:
        self.adj.append([])
        return len(self.adj) - 1

    def add_arc(self, u: int, v: int, cap: int, cost: int) -> int:
        """Add u→v and its residual twin; returns the forward arc's index."""
        index = len(self.to)
        self.to += [v, u]
        self.cap += [cap, 0]
        self.cost += [cost, -cost]
        self.adj[u].append(index)
        self.adj[v].append(index + 1)
        return index

    def min_cost_max_flow(self, source: int, sink: int) -> int:
        n = len(self.adj)
        potential = [0] * n  # all costs start non-negative, so zero is valid
        flow = 0
        while True:
            dist: list[float] = [INFINITE] * n
            via: list[int] = [-1] * n
            dist[source] = 0
            heap: list[tuple[float, int]] = [(0, source)]
            done = [False] * n
            while heap:
                d, u = heapq.heappop(heap)
                if done[u]:
                    continue
                done[u] = True
                if u == sink:
                    break
                for arc in self.adj[u]:
                    if self.cap[arc] <= 0:
                        continue
                    v = self.to[arc]
                    nd = d + self.cost[arc] + potential[u] - potential[v]
                    if nd < dist[v]:
                        dist[v] = nd
                        via[v] = arc
                        heapq.heappush(heap, (nd, v))
            if dist[sink] == INFINITE:
                return flow
            # Stopping at the sink leaves some labels tentative; capping them
            # at the sink's distance keeps every reduced cost non-negative.
            reach = dist[sink]
            for v in range(n):
                potential[v] += int(min(dist[v], reach)) if dist[v] != INFINITE else int(reach)
            v = sink
            while v != source:
                arc = via[v]
                self.cap[arc] -= 1
                self.cap[arc ^ 1] += 1
                v = self.to[arc ^ 1]
            flow += 1


def plan_assignments(
    ideas: Sequence[IdeaSlot],
    reviewers: Sequence[Reviewer],
    *,
    per_idea: int = 3,
    conflicts: Mapping[tuple[int, int], str] | None = None,
) -> AssignmentPlan:
    """New assignments giving every idea ``per_idea`` reviewers if possible.

    ``conflicts`` maps (idea id, evaluator id) to the reason of the conflict
    (any short code: it is counted in the shortfalls). Existing assignments
    count towards ``per_idea`` and towards the reviewers' loads.
    """
    if per_idea < 1:
        raise ValueError("per_idea must be at least 1")
    conflicts = conflicts or {}
    helix_of = {r.id: r.helix for r in reviewers}

    graph = _Graph(2)
    source, sink = 0, 1
    reviewer_node: dict[int, int] = {}
    eligible_count: dict[int, int] = dict.fromkeys(helix_of, 0)
    wanted: dict[int, int] = {}
    eligible_by_idea: dict[int, list[Reviewer]] = {}
    for idea in ideas:
        need = max(0, per_idea - len(idea.assigned))
        wanted[idea.id] = need
        eligible = [r for r in reviewers if r.id not in idea.assigned and (idea.id, r.id) not in conflicts]
        eligible_by_idea[idea.id] = eligible
        if need:
            for r in eligible:
                eligible_count[r.id] += 1

    spare: dict[int, int] = {}
    for r in reviewers:
        room = eligible_count[r.id]
        if r.capacity is not None:
            room = min(room, max(0, r.capacity - r.load))
        spare[r.id] = room
        reviewer_node[r.id] = graph.add_node()

    # Each weight exceeds the largest total the lower concerns can reach:
    # helix costs sum to at most 2·k²·n, reviewer-count squares to k²·n.
    helix_weight = 1
    spread_weight = 2 * per_idea * per_idea * max(1, len(ideas)) + 1
    load_weight = spread_weight * (per_idea * per_idea * max(1, len(ideas)) + 1)
    for r in reviewers:
        for j in range(spare[r.id]):
            # Marginal cost of the squared load: (L+1)² − L² = 2L + 1.
            graph.add_arc(reviewer_node[r.id], sink, 1, load_weight * (2 * (r.load + j) + 1))

    pair_arcs: list[tuple[int, int, int]] = []  # (arc index, idea id, reviewer id)
    for idea in ideas:
        need = wanted[idea.id]
        if not need:
            continue
        idea_node = graph.add_node()
        has = len(idea.assigned)
        for j in range(need):
            graph.add_arc(source, idea_node, 1, spread_weight * (2 * (has + j) + 1))
        present = Counter(helix_of[e] for e in idea.assigned if e in helix_of)
        by_helix: dict[str, list[Reviewer]] = {}
        for r in eligible_by_idea[idea.id]:
            by_helix.setdefault(r.helix, []).append(r)
        for helix, members in by_helix.items():
            helix_node = graph.add_node()
            for j in range(min(need, len(members))):
                graph.add_arc(idea_node, helix_node, 1, helix_weight * (present[helix] + j))
            for r in members:
                pair_arcs.append((graph.add_arc(helix_node, reviewer_node[r.id], 1, 0), idea.id, r.id))

    graph.min_cost_max_flow(source, sink)

    pairs = tuple(sorted((idea_id, rid) for arc, idea_id, rid in pair_arcs if graph.cap[arc] == 0))
    got = Counter(idea_id for idea_id, _ in pairs)
    after = AssignmentPlan(pairs, ()).loads(reviewers)
    shortfalls = []
    for idea in ideas:
        missing = wanted[idea.id] - got[idea.id]
        if missing <= 0:
            continue
        taken = {rid for iid, rid in pairs if iid == idea.id}
        conflicted = Counter(
            conflicts[(idea.id, r.id)] for r in reviewers if r.id not in idea.assigned and (idea.id, r.id) in conflicts
        )
        at_capacity = tuple(
            r.id
            for r in eligible_by_idea[idea.id]
            if r.id not in taken and r.capacity is not None and after[r.id] >= r.capacity
        )
        shortfalls.append(
            Shortfall(
                idea_id=idea.id,
                missing=missing,
                wanted=per_idea,
                panel_size=len(reviewers),
                already_assigned=len(idea.assigned),
                eligible=len(eligible_by_idea[idea.id]),
                conflicted=dict(sorted(conflicted.items())),
                at_capacity=len(at_capacity),
                at_capacity_ids=at_capacity,
            )
        )
    return AssignmentPlan(pairs=pairs, shortfalls=tuple(shortfalls))
