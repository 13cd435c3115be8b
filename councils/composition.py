"""The composition rule of a public council, as arithmetic on seats.

The law on public councils (Kazakhstan, 2 November 2015) makes them two
thirds civil society and one third public officials; the report (3.3.2)
argues that even one third officials weighs on a body that is meant to
control the administration, and that Kyrgyzstan's selection commissions are
one third government and two thirds civil society. Each council therefore
configures its rule (the shares, and whether business associations and
academia count as civil society), and every change of membership is checked
against it.

The rule is kept on *seats*, not on whoever happens to sit today: at most
``official_max`` of the council's seats may be held by public officials, and
at least ``civil_min`` of its seats must be held by civil society or kept
free for it. A departure never breaks that (it frees a seat), so the rule
holds after every accepted sequence of changes, and an empty seat left by a
civil-society member cannot quietly be given to an official.

Pure functions only (no Django models), so hypothesis can drive them and a
selection commission (a list of helices and a size) uses the same code.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext, ngettext

GOVERNMENT = "government"
INDUSTRY = "industry"
ACADEMIA = "academia"
CIVIL_SOCIETY = "civil_society"

CIVIL = "civil"
OFFICIAL = "official"
OTHER = "other"  # business (or academia) where the rule does not count it as civil society


@dataclass(frozen=True)
class Rule:
    civil_min: Fraction = Fraction(2, 3)
    official_max: Fraction = Fraction(1, 3)
    business_counts_as_civil: bool = False
    academia_counts_as_civil: bool = True

    def side(self, helix: str) -> str:
        if helix == GOVERNMENT:
            return OFFICIAL
        if helix == CIVIL_SOCIETY or not helix:
            return CIVIL
        if helix == INDUSTRY:
            return CIVIL if self.business_counts_as_civil else OTHER
        if helix == ACADEMIA:
            return CIVIL if self.academia_counts_as_civil else OTHER
        return OTHER

    def civil_seats_needed(self, seats: int) -> int:
        return math.ceil(self.civil_min * seats)

    def official_seats_allowed(self, seats: int) -> int:
        return math.floor(self.official_max * seats)

    def problems(self) -> list[str]:
        """What makes the rule itself impossible to meet."""
        found = []
        if not (0 <= self.civil_min <= 1) or not (0 <= self.official_max <= 1):
            found.append(gettext("Shares must be between 0 and 1."))
        elif self.civil_min + self.official_max > 1:
            found.append(
                gettext(
                    "At least %(civil)s civil society and up to %(official)s officials add up to more than all seats."
                )
                % {"civil": share_label(self.civil_min), "official": share_label(self.official_max)}
            )
        return found


def share_label(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}"


@dataclass(frozen=True)
class Composition:
    seats: int
    filled: int
    civil: int
    officials: int
    other: int

    @property
    def vacant(self) -> int:
        return self.seats - self.filled

    @property
    def civil_or_kept(self) -> int:
        """Seats held by civil society or kept free for it."""
        return self.seats - self.officials - self.other


def count(rule: Rule, seats: int, helices: Iterable[str]) -> Composition:
    sides = [rule.side(h) for h in helices]
    return Composition(
        seats=seats,
        filled=len(sides),
        civil=sides.count(CIVIL),
        officials=sides.count(OFFICIAL),
        other=sides.count(OTHER),
    )


def refusal(rule: Rule, seats: int, helices: Iterable[str]) -> str | None:
    """Why ``helices`` (the people who would sit) on ``seats`` seats break
    the rule, with the numbers; None when they do not."""
    helices = list(helices)
    if seats < 1:
        return gettext("A council needs at least one seat.")
    c = count(rule, seats, helices)
    if c.filled > seats:
        return ngettext(
            "%(filled)s people would sit on %(seats)s seat: there is no seat left.",
            "%(filled)s people would sit on %(seats)s seats: there is no seat left.",
            seats,
        ) % {"filled": c.filled, "seats": seats}
    needed = rule.civil_seats_needed(seats)
    if c.civil_or_kept < needed:
        return ngettext(
            "%(n)s of %(seats)s seat would be civil society (held or kept free for it): at least %(needed)s are needed.",
            "%(n)s of %(seats)s seats would be civil society (held or kept free for it): at least %(needed)s are needed.",
            seats,
        ) % {"n": c.civil_or_kept, "seats": seats, "needed": needed}
    allowed = rule.official_seats_allowed(seats)
    if c.officials > allowed:
        return ngettext(
            "%(n)s of %(seats)s seat would be public officials: at most %(allowed)s are allowed.",
            "%(n)s of %(seats)s seats would be public officials: at most %(allowed)s are allowed.",
            seats,
        ) % {"n": c.officials, "seats": seats, "allowed": allowed}
    return None


def holds(rule: Rule, seats: int, helices: Iterable[str]) -> bool:
    return refusal(rule, seats, helices) is None
