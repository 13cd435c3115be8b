"""Selection by lot: a published, reproducible stratified draw.

The draw uses the field's library, ``sortition-algorithms`` (the Sortition
Foundation's implementation of the selection algorithms of Flanigan et al.,
"Fair algorithms for selecting citizens' assemblies", Nature 596, 2021, used
for citizens' assemblies around the world), not a home-made lottery: its
``maximin`` algorithm finds a panel that meets every quota whenever one
exists, gives each volunteer a selection probability as equal as the quotas
allow, and, when the quotas cannot be met, computes the smallest change of
quotas that would make them feasible, which is what we tell the selection
commission. Its ``legacy`` algorithm (a greedy stratified draw) was tried
and rejected: on tight but feasible quotas it fails outright (a test pins
one such pool), so it cannot promise the commission a panel.

Reproducible from the public record alone:

1. When the call opens, the platform draws a 256-bit ``secret`` and publishes
   only its SHA-256 (the *commitment*), with the public source whose value
   will be used after the call closes (``beacon_source``: e.g. a drand round
   or the closing value of an index on a stated date). Nobody can change the
   secret afterwards without the change showing.
2. When the call closes, the pool is frozen and published, pseudonymised
   (``V-001``: helix, district, gender, age band only), with the SHA-256 of
   its canonical JSON (``pool_digest``).
3. After that, the secretary records the public value, which nobody at the
   akimat controls or knew when the pool was frozen; the secret is revealed.
4. ``seed = SHA-256(secret "\\n" pool_digest "\\n" public_value)``; each use
   takes its own integer from it: ``int(SHA-256(seed "\\n" purpose)[:8])``
   for ``purpose`` = ``panel``, ``alternates``, ``vacancy-1``, ...
5. The panel is ``maximin`` over the pool with the quotas, the library's
   random provider seeded with the panel integer; alternates are a second
   draw from the rest of the pool (purpose ``alternates``); a seat left empty
   is filled by a draw of one among the remaining alternates, with the
   quotas reduced by the drawn members still sitting (purpose ``vacancy-n``).

Anyone can re-run it: ``python -m councils.sortition record.json`` needs only
Python and ``sortition-algorithms`` (the version named in the record).

Why person ids are :class:`StableId`: the library keeps committees in Python
sets of ``frozenset`` of ids, and walks them in an order that depends on
string hashing, which Python randomises per process (``PYTHONHASHSEED``).
Ids whose hash is derived from their text make the walk, hence the panel,
the same in every process; a test re-runs a draw in processes with other
hash seeds.

This module imports neither Django nor the project, so the verifier runs
anywhere.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import secrets as _secrets
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

FEATURES = ("helix", "district", "gender", "age_band")
ALGORITHM = "maximin"
SOLVER = "highspy"
RECORD_FORMAT = "edp-council-draw"
RECORD_VERSION = 1

Quotas = dict[str, dict[str, list[int]]]  # feature -> value -> [min, max]

# The library seeds one process-wide random provider: draws in one process
# (threads of a dev server, eager tasks) take turns.
_lock = threading.Lock()


class StableId(str):
    """A string whose hash is derived from its text (see the module docstring)."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return int.from_bytes(hashlib.blake2b(self.encode("utf-8"), digest_size=8).digest(), "big", signed=True)

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return str.__ne__(self, other)


# --- the published inputs ------------------------------------------------------
def new_secret() -> str:
    return _secrets.token_hex(32)


def commitment(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def canonical_pool(people: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """The pool as published: pseudonym and the four features, sorted by pseudonym."""
    return sorted(({"id": str(p["id"]), **{f: str(p[f]) for f in FEATURES}} for p in people), key=lambda p: p["id"])


def pool_digest(people: Sequence[Mapping[str, str]]) -> str:
    text = json.dumps(canonical_pool(people), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_hex(secret: str, digest: str, public_value: str) -> str:
    return hashlib.sha256(f"{secret}\n{digest}\n{public_value.strip()}".encode()).hexdigest()


def seed_for(seed: str, purpose: str) -> int:
    """The integer that seeds one use of the draw (never 0: the library
    would then fall back to an unseeded source)."""
    value = int.from_bytes(hashlib.sha256(f"{seed}\n{purpose}".encode()).digest()[:8], "big")
    return value or 1


def library_versions() -> dict[str, str]:
    found = {}
    for name in ("sortition-algorithms", "highspy"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover - installed with the project
            found[name] = "unknown"
    return found


# --- quotas --------------------------------------------------------------------
@dataclass(frozen=True)
class QuotaProblem:
    """One reason the quotas cannot be met, with its numbers. ``kind``:

    - ``seats_out_of_range``: the minimums of ``feature`` add up to more than
      the seats (``low``) or its maximums to fewer (``high``);
    - ``too_few_people``: fewer volunteers have ``value`` than its minimum;
    - ``relax``: the library's smallest feasible change moves the bounds of
      ``feature``/``value`` from ``current`` to ``suggested``;
    - ``impossible``: no change of quotas helps (too few volunteers);
    - ``unknown_value``: a volunteer's value has no quota row.
    """

    kind: str
    feature: str = ""
    value: str = ""
    current: tuple[int, int] = (0, 0)
    suggested: tuple[int, int] = (0, 0)
    low: int = 0
    high: int = 0
    available: int = 0
    seats: int = 0


class Infeasible(Exception):
    def __init__(self, problems: list[QuotaProblem]) -> None:
        super().__init__("; ".join(f"{p.kind} {p.feature}/{p.value}" for p in problems))
        self.problems = problems


def quota_problems(people: Sequence[Mapping[str, str]], quotas: Quotas, seats: int) -> list[QuotaProblem]:
    """What can be said without the solver: sums of bounds and head counts."""
    problems: list[QuotaProblem] = []
    if len(people) < seats:
        problems.append(QuotaProblem("impossible", available=len(people), seats=seats))
    for feature, values in quotas.items():
        low = sum(b[0] for b in values.values())
        high = sum(b[1] for b in values.values())
        if not low <= seats <= high:
            problems.append(QuotaProblem("seats_out_of_range", feature, low=low, high=high, seats=seats))
        for value, (minimum, maximum) in values.items():
            have = sum(1 for p in people if p[feature] == value)
            if have < minimum:
                problems.append(
                    QuotaProblem("too_few_people", feature, value, current=(minimum, maximum), available=have)
                )
        for p in people:
            if p[feature] not in values:
                problems.append(QuotaProblem("unknown_value", feature, p[feature]))
                break
    return problems


def _library_inputs(people: Sequence[Mapping[str, str]], quotas: Quotas):
    from sortition_algorithms.features import FeatureValueMinMax
    from sortition_algorithms.people import People

    # The flex bounds limit how far the library may suggest moving a quota
    # when the quotas are infeasible: anywhere from 0 to the whole pool.
    ceiling = max([len(people), *(b[1] for values in quotas.values() for b in values.values())])
    # Features and values in a canonical order: the library walks them in
    # the order given, and a record read back from a database (PostgreSQL's
    # jsonb sorts keys its own way) must draw the same panel.
    features = {
        StableId(f): {
            StableId(v): FeatureValueMinMax(min=quotas[f][v][0], max=quotas[f][v][1], min_flex=0, max_flex=ceiling)
            for v in sorted(quotas[f])
        }
        for f in sorted(quotas)
    }
    pool = People([])
    for row, person in enumerate(sorted(people, key=lambda p: str(p["id"])), start=2):
        pool.add(StableId(person["id"]), {StableId(f): StableId(person[f]) for f in sorted(quotas)}, features, row)
    return features, pool


def _select(people: Sequence[Mapping[str, str]], quotas: Quotas, number: int, seed: int) -> list[str]:
    """One stratified draw of ``number`` people; raises Infeasible."""
    if number == 0:
        return []
    problems = quota_problems(people, quotas, number)
    if problems:
        raise Infeasible(problems)
    from sortition_algorithms import errors
    from sortition_algorithms.core import find_random_sample
    from sortition_algorithms.utils import set_random_provider

    features, pool = _library_inputs(people, quotas)
    with _lock:
        # The library logs every solver round at INFO to stdout; the record is what counts.
        loggers = [logging.getLogger(name) for name in ("sortition_algorithms", "sortition_algorithms_user")]
        levels = [logger.level for logger in loggers]
        # The library's seeded provider re-seeds Python's global ``random``;
        # the rest of the process gets its state back afterwards.
        state = random.getstate()
        for logger in loggers:
            logger.setLevel(logging.WARNING)
        try:
            set_random_provider(seed)
            committees, _report = find_random_sample(
                features, pool, number, [], selection_algorithm=ALGORITHM, solver_backend=SOLVER
            )
        except errors.InfeasibleQuotasError as exc:
            raise Infeasible(_relaxations(quotas, exc.features)) from exc
        except errors.InfeasibleQuotasCantRelaxError as exc:
            raise Infeasible([QuotaProblem("impossible", available=len(people), seats=number)]) from exc
        finally:
            set_random_provider(None)
            random.setstate(state)
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
    return sorted(str(p) for p in committees[0])


def check_feasible(people: Sequence[Mapping[str, str]], quotas: Quotas, number: int) -> None:
    """Raise Infeasible (saying which quota) unless some panel meets the
    quotas. One integer program, no randomness: fit for a request."""
    people = canonical_pool(people)
    problems = quota_problems(people, quotas, number)
    if problems:
        raise Infeasible(problems)
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation import find_any_committee

    features, pool = _library_inputs(people, quotas)
    with _lock:
        try:
            find_any_committee(features, pool, number, [], SOLVER)
        except errors.InfeasibleQuotasError as exc:
            raise Infeasible(_relaxations(quotas, exc.features)) from exc
        except errors.InfeasibleQuotasCantRelaxError as exc:
            raise Infeasible([QuotaProblem("impossible", available=len(people), seats=number)]) from exc


def _relaxations(quotas: Quotas, relaxed: Mapping[str, Mapping[str, Any]]) -> list[QuotaProblem]:
    # The library's keys are StableIds, whose hash is not a str's: compare by text.
    plain = {str(f): {str(v): b for v, b in values.items()} for f, values in relaxed.items()}
    found = []
    for feature, values in quotas.items():
        for value, (minimum, maximum) in values.items():
            bounds = plain[feature][value]
            if (bounds.min, bounds.max) != (minimum, maximum):
                found.append(
                    QuotaProblem(
                        "relax", feature, value, current=(minimum, maximum), suggested=(bounds.min, bounds.max)
                    )
                )
    return found or [QuotaProblem("impossible")]


# --- the draw ------------------------------------------------------------------
@dataclass
class DrawResult:
    panel: list[str]
    alternates: list[str]


def _alternate_quotas(quotas: Quotas, rest: Sequence[Mapping[str, str]], number: int) -> Quotas:
    """Alternates may not be what the panel bars (a maximum of 0) and no
    value takes more than its panel maximum; no minimums."""
    return {
        feature: {
            value: [0, min(bounds[1], number)]
            for value, bounds in values.items()
            if any(p[feature] == value for p in rest)
        }
        for feature, values in quotas.items()
    }


def draw(people: Sequence[Mapping[str, str]], quotas: Quotas, seats: int, alternates: int, seed: str) -> DrawResult:
    """The panel and its alternates (as many as can be found, up to ``alternates``)."""
    people = canonical_pool(people)
    panel = _select(people, quotas, seats, seed_for(seed, "panel"))
    chosen = set(panel)
    rest = [p for p in people if p["id"] not in chosen]
    eligible = [p for p in rest if all(quotas[f][p[f]][1] > 0 for f in quotas)]
    found: list[str] = []
    for number in range(min(alternates, len(eligible)), 0, -1):
        try:
            found = _select(eligible, _alternate_quotas(quotas, eligible, number), number, seed_for(seed, "alternates"))
        except Infeasible:
            continue
        break
    return DrawResult(panel=panel, alternates=found)


def vacancy_quotas(quotas: Quotas, sitting: Iterable[Mapping[str, str]]) -> Quotas:
    """The quotas for one more seat: each bound reduced by the drawn members still sitting."""
    sitting = list(sitting)
    reduced: Quotas = {}
    for feature, values in quotas.items():
        reduced[feature] = {}
        for value, (minimum, maximum) in values.items():
            have = sum(1 for p in sitting if p[feature] == value)
            reduced[feature][value] = [max(0, minimum - have), max(0, maximum - have)]
    return reduced


def fill_vacancy(
    people: Sequence[Mapping[str, str]],
    quotas: Quotas,
    sitting_ids: Iterable[str],
    available_alternates: Iterable[str],
    seed: str,
    number: int,
) -> str:
    """The alternate who takes the ``number``-th empty seat, by the same rule."""
    by_id = {p["id"]: p for p in canonical_pool(people)}
    sitting = [by_id[i] for i in sitting_ids]
    candidates = [by_id[i] for i in sorted(available_alternates)]
    reduced = vacancy_quotas(quotas, sitting)
    # A value nobody among the candidates has keeps its row (its minimum may be what is infeasible).
    return _select(candidates, reduced, 1, seed_for(seed, f"vacancy-{number}"))[0]


# --- the public record ---------------------------------------------------------
@dataclass
class Verification:
    ok: bool
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    panel: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)


def verify(record: Mapping[str, Any]) -> Verification:
    """Re-run a published draw from its record alone and compare."""
    problems: list[str] = []
    secret = record["secret"]
    if commitment(secret) != record["commitment"]["sha256"]:
        problems.append("the revealed secret does not match the commitment published before the call closed")
    people = record["pool"]["people"]
    digest = pool_digest(people)
    if digest != record["pool"]["digest"]:
        problems.append("the published pool does not match its digest")
    seed = seed_hex(secret, digest, record["public_value"]["value"])
    if seed != record["seed"]:
        problems.append("the seed does not follow from the secret, the pool digest and the public value")
    quotas = record["quotas"]["features"]
    result = draw(people, quotas, record["quotas"]["seats"], record["quotas"]["alternates"], seed)
    if result.panel != sorted(record["result"]["panel"]):
        problems.append("re-running the draw gives another panel")
    if sorted(result.alternates) != sorted(record["result"]["alternates"]):
        problems.append("re-running the draw gives other alternates")
    drawn = set(result.panel)
    offered = set(result.alternates)
    for step in record.get("replacements", []):
        sitting, available = list(step["sitting"]), list(step["available"])
        if not set(sitting) <= drawn or not set(available) <= offered:
            problems.append(f"vacancy {step['vacancy']}: the sitting members or alternates are not from this draw")
            continue
        chosen = fill_vacancy(people, quotas, sitting, available, seed, step["vacancy"])
        if chosen != step["chosen"]:
            problems.append(f"vacancy {step['vacancy']}: re-running gives {chosen}, the record says {step['chosen']}")
        drawn.add(chosen)
        offered.discard(chosen)
    notes = []
    versions = library_versions()
    drawn_with = record["procedure"].get("library_version")
    if drawn_with and drawn_with != versions["sortition-algorithms"]:
        notes.append(
            f"the record was drawn with sortition-algorithms {drawn_with}, this is {versions['sortition-algorithms']}"
        )
    return Verification(
        ok=not problems, problems=problems, notes=notes, panel=result.panel, alternates=result.alternates
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m councils.sortition record.json``: re-run a published draw."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m councils.sortition record.json", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as handle:
        record = json.load(handle)
    outcome = verify(record)
    print("panel:", ", ".join(outcome.panel))
    print("alternates:", ", ".join(outcome.alternates))
    for problem in outcome.problems:
        print("PROBLEM:", problem)
    for note in outcome.notes:
        print("note:", note)
    print("The record checks out." if outcome.ok else "The record does NOT check out.")
    return 0 if outcome.ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
