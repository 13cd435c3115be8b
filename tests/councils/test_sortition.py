"""The draw (councils.sortition), as properties: it meets the quotas whenever
some panel does, says which quota cannot be met when none does, gives the
same panel for the same seed and pool, seats a person at most once, and can
be re-run from its public record alone, in another process."""

from __future__ import annotations

import itertools
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from councils import sortition

ROOT = Path(__file__).resolve().parents[2]
VALUES = {
    "helix": ["civil_society", "industry", "academia", "government"],
    "district": ["11", "12", "13"],
    "gender": ["female", "male"],
    "age_band": ["18-29", "30-44", "45-59", "60+"],
}
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def meets(panel_people, quotas) -> bool:
    return all(
        low <= sum(1 for p in panel_people if p[f] == v) <= high
        for f, vs in quotas.items()
        for v, (low, high) in vs.items()
    )


def feasible(people, quotas, k) -> bool:
    """The oracle: does any panel of ``k`` meet the quotas? (Brute force: small pools only.)"""
    return any(meets(panel, quotas) for panel in itertools.combinations(people, k))


@st.composite
def pools(draw, min_size=2, max_size=9):
    n = draw(st.integers(min_size, max_size))
    return [{"id": f"V-{i:03d}", **{f: draw(st.sampled_from(vs)) for f, vs in VALUES.items()}} for i in range(n)]


@st.composite
def feasible_instances(draw):
    """Quotas built around a hidden panel that meets them: always feasible."""
    people = draw(pools())
    k = draw(st.integers(1, min(len(people), 4)))
    witness = draw(st.permutations(people))[:k]
    features = draw(st.sets(st.sampled_from(sorted(VALUES)), min_size=1, max_size=4))
    quotas = {}
    for f in sorted(features):
        quotas[f] = {}
        for v in VALUES[f]:
            have = sum(1 for p in witness if p[f] == v)
            quotas[f][v] = [have - draw(st.integers(0, have)), have + draw(st.integers(0, k - have))]
    return people, quotas, k


@st.composite
def any_instances(draw):
    people = draw(pools())
    k = draw(st.integers(1, min(len(people), 4)))
    features = draw(st.sets(st.sampled_from(sorted(VALUES)), min_size=1, max_size=3))
    quotas = {}
    for f in sorted(features):
        quotas[f] = {}
        for v in VALUES[f]:
            low = draw(st.integers(0, min(2, k)))
            quotas[f][v] = [low, draw(st.integers(low, k))]
    return people, quotas, k


seeds = st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)


@FAST
@given(feasible_instances(), seeds, st.integers(0, 3))
def test_feasible_quotas_always_give_a_panel_that_meets_them(instance, seed, alternates):
    people, quotas, k = instance
    result = sortition.draw(people, quotas, k, alternates, seed)
    by_id = {p["id"]: p for p in people}
    assert len(result.panel) == k
    # A person appears at most once: in the panel, among the alternates, and across both.
    assert len(set(result.panel)) == k
    assert len(set(result.alternates)) == len(result.alternates) <= alternates
    assert not set(result.panel) & set(result.alternates)
    assert meets([by_id[i] for i in result.panel], quotas)
    # Alternates are people the panel's quotas would admit.
    for i in result.alternates:
        assert all(quotas[f][by_id[i][f]][1] > 0 for f in quotas)


@FAST
@given(any_instances(), seeds)
def test_infeasible_quotas_are_refused_naming_the_quota_to_change(instance, seed):
    people, quotas, k = instance
    assume(not feasible(people, quotas, k))
    with pytest.raises(sortition.Infeasible) as refused:
        sortition.draw(people, quotas, k, 0, seed)
    problems = refused.value.problems
    assert problems
    for problem in problems:
        assert problem.kind in {"seats_out_of_range", "too_few_people", "relax", "impossible"}
        if problem.kind in {"seats_out_of_range", "too_few_people", "relax"}:
            assert problem.feature in quotas
    relaxations = [p for p in problems if p.kind == "relax"]
    if relaxations and len(relaxations) == len(problems):
        # The library's suggestion is a real fix: with it, some panel exists.
        fixed = {f: {v: list(b) for v, b in vs.items()} for f, vs in quotas.items()}
        for p in relaxations:
            fixed[p.feature][p.value] = list(p.suggested)
        assert feasible(people, fixed, k)


@FAST
@given(feasible_instances(), seeds, st.randoms(use_true_random=False))
def test_the_same_seed_and_pool_give_the_same_panel(instance, seed, rnd):
    people, quotas, k = instance
    first = sortition.draw(people, quotas, k, 2, seed)
    shuffled = list(people)
    rnd.shuffle(shuffled)  # the order the pool is listed in does not matter
    again = sortition.draw(shuffled, quotas, k, 2, seed)
    assert (again.panel, again.alternates) == (first.panel, first.alternates)


@FAST
@given(feasible_instances(), seeds, st.data())
def test_an_empty_seat_is_filled_by_the_same_rule_or_refused_when_no_alternate_fits(instance, seed, data):
    people, quotas, k = instance
    result = sortition.draw(people, quotas, k, 3, seed)
    assume(result.alternates)
    by_id = {p["id"]: p for p in people}
    leaving = data.draw(st.sampled_from(result.panel))
    sitting = [i for i in result.panel if i != leaving]
    fits = [a for a in result.alternates if meets([by_id[i] for i in [*sitting, a]], quotas)]
    if fits:
        chosen = sortition.fill_vacancy(people, quotas, sitting, result.alternates, seed, 1)
        assert chosen in fits
        assert chosen == sortition.fill_vacancy(people, quotas, sitting, result.alternates, seed, 1)
    else:
        with pytest.raises(sortition.Infeasible):
            sortition.fill_vacancy(people, quotas, sitting, result.alternates, seed, 1)


def test_the_greedy_legacy_algorithm_fails_feasible_quotas_that_maximin_meets():
    """Why the draw uses maximin (README): a feasible pool on which the
    library's legacy algorithm fails every attempt."""
    from sortition_algorithms import Settings, run_stratification

    pool = [
        {"id": f"P{i}", "g": g, "h": h, "d": d}
        for i, (g, h, d) in enumerate(
            [
                ("m", "gov", "d1"),
                ("m", "gov", "d3"),
                ("m", "ind", "d3"),
                ("f", "gov", "d2"),
                ("f", "aca", "d1"),
                ("m", "ind", "d1"),
                ("m", "ind", "d3"),
                ("f", "gov", "d1"),
                ("m", "ind", "d3"),
                ("m", "civ", "d2"),
            ]
        )
    ]
    quotas = {
        "g": {"m": [1, 1], "f": [0, 0]},
        "h": {"gov": [0, 1], "ind": [0, 1], "aca": [0, 0], "civ": [0, 1]},
        "d": {"d1": [0, 1], "d2": [1, 1], "d3": [0, 1]},
    }
    assert feasible(pool, quotas, 1)
    features, people = sortition._library_inputs(pool, quotas)
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    legacy = Settings(id_column="id", columns_to_keep=[], selection_algorithm="legacy", random_number_seed=7)
    ok, _panels, _report = run_stratification(features, people, 1, legacy)
    assert not ok
    assert sortition._select(pool, quotas, 1, 7) == ["P9"]


def _record(people, quotas, seats, alternates):
    secret = "9" * 64
    digest = sortition.pool_digest(people)
    seed = sortition.seed_hex(secret, digest, "drand round 1000: abcdef")
    result = sortition.draw(people, quotas, seats, alternates, seed)
    return {
        "procedure": {"library_version": sortition.library_versions()["sortition-algorithms"]},
        "commitment": {"sha256": sortition.commitment(secret)},
        "secret": secret,
        "public_value": {"value": "drand round 1000: abcdef"},
        "pool": {"digest": digest, "people": people},
        "quotas": {"seats": seats, "alternates": alternates, "features": quotas},
        "seed": seed,
        "result": {"panel": result.panel, "alternates": result.alternates},
        "replacements": [],
    }


def _pool(n):
    return [
        {
            "id": f"V-{i:03d}",
            "helix": VALUES["helix"][i % 4],
            "district": VALUES["district"][i % 3],
            "gender": VALUES["gender"][(i // 2) % 2],
            "age_band": VALUES["age_band"][(i // 3) % 4],
        }
        for i in range(n)
    ]


def test_a_record_that_was_tampered_with_does_not_check_out():
    quotas = {"gender": {"female": [2, 3], "male": [2, 3]}}
    record = _record(_pool(10), quotas, 5, 2)
    assert sortition.verify(record).ok
    for change in (
        lambda r: r.update(secret="8" * 64),
        lambda r: r["pool"]["people"][0].update(
            gender="male" if r["pool"]["people"][0]["gender"] == "female" else "female"
        ),
        lambda r: r["public_value"].update(value="another value"),
        lambda r: r["result"].update(panel=sorted(p["id"] for p in r["pool"]["people"])[:5]),
    ):
        tampered = json.loads(json.dumps(record))
        change(tampered)
        assert tampered == record or not sortition.verify(tampered).ok


def test_anyone_reruns_the_published_record_in_another_process_and_gets_the_same_panel(tmp_path):
    """The verifier needs no Django and no database; and the panel does not
    depend on the process's string-hash seed (the library walks sets)."""
    quotas = {"helix": {h: [0, 3] for h in VALUES["helix"]}, "gender": {"female": [2, 3], "male": [2, 3]}}
    record = _record(_pool(12), quotas, 5, 2)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    for hash_seed in ("1", "4242"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
        env.update(PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
        run = subprocess.run(
            [sys.executable, "-m", "councils.sortition", str(path)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert f"panel: {', '.join(record['result']['panel'])}" in run.stdout
        assert "The record checks out." in run.stdout


@FAST
@given(feasible_instances(), seeds)
def test_the_order_of_the_quotas_in_a_record_does_not_change_the_panel(instance, seed):
    """A record read back from PostgreSQL (jsonb sorts keys its own way) draws the same."""
    people, quotas, k = instance
    reordered = {f: {v: quotas[f][v] for v in reversed(list(quotas[f]))} for f in reversed(list(quotas))}
    first = sortition.draw(people, quotas, k, 2, seed)
    again = sortition.draw(list(reversed(people)), reordered, k, 2, seed)
    assert (again.panel, again.alternates) == (first.panel, first.alternates)
