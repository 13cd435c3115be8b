"""The composition rule: two thirds civil society at least, one third
officials at most, configurable per council, checked on every change of
membership and refused with the numbers."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import DomainError
from councils import composition, services
from councils.composition import Rule
from councils.models import CouncilMember
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory
from tests.factories.councils import CouncilFactory, MemberFactory

pytestmark = pytest.mark.django_db

CIVIL, GOV, IND, ACA = Helix.CIVIL_SOCIETY, Helix.GOVERNMENT, Helix.INDUSTRY, Helix.ACADEMIA


def test_the_refusal_gives_the_numbers():
    # 3 officials and 2 business members on 12 seats leave 7 for civil society; 8 are needed.
    reason = composition.refusal(Rule(), 12, [GOV, GOV, GOV, IND, IND, *[CIVIL] * 5])
    assert reason == ("7 of 12 seats would be civil society (held or kept free for it): at least 8 are needed.")
    assert composition.refusal(Rule(), 12, [GOV, GOV, GOV, IND, *[CIVIL] * 8]) is None


def test_officials_are_capped_on_their_own_when_the_rule_says_so():
    rule = Rule(civil_min=Fraction(1, 2), official_max=Fraction(1, 4))
    assert composition.refusal(rule, 8, [GOV, GOV, GOV]) == (
        "3 of 8 seats would be public officials: at most 2 are allowed."
    )


def test_business_counts_as_civil_society_only_where_the_council_says_so():
    five_firms = [IND] * 5 + [CIVIL] * 4
    assert composition.refusal(Rule(), 9, five_firms) is not None
    assert composition.refusal(Rule(business_counts_as_civil=True), 9, five_firms) is None
    assert composition.refusal(Rule(academia_counts_as_civil=False), 9, [ACA] * 4) is not None


def test_a_rule_that_cannot_be_met_is_named():
    assert Rule(civil_min=Fraction(3, 4), official_max=Fraction(1, 2)).problems()


def test_an_appointment_that_would_break_the_rule_is_refused_with_the_numbers(council):
    for _ in range(3):
        MemberFactory(council=council, helix=GOV)
    with pytest.raises(
        DomainError,
        match=r"4 of 9 seats would be public officials: at most 3 are allowed|"
        r"5 of 9 seats would be civil society",
    ):
        services.member_appoint(council=council, actor=council.secretary, user=UserFactory(), helix=GOV)
    assert CouncilMember.objects.filter(council=council, helix=GOV).count() == 3
    # A civil-society member is welcome; a departure is never refused.
    services.member_appoint(council=council, actor=council.secretary, user=UserFactory(), helix=CIVIL)
    official = CouncilMember.objects.filter(council=council, helix=GOV).first()
    services.member_leave(member=official, actor=council.secretary, reason="Moved to Astana")


def test_fewer_seats_that_the_sitting_members_would_break_are_refused(council, cast):
    for _ in range(3):
        MemberFactory(council=council, helix=GOV)
    with pytest.raises(DomainError, match="3 of 6 seats would be civil society"):
        services.council_update(council=council, actor=cast["coordinator"], seats=6)
    council.refresh_from_db()
    assert council.seats == 9


# --- the property ---------------------------------------------------------------
HELICES = [CIVIL, GOV, IND, ACA]
operations = st.lists(
    st.one_of(
        st.tuples(st.just("appoint"), st.sampled_from(HELICES)),
        st.tuples(st.just("leave"), st.integers(0, 20)),
        st.tuples(st.just("seats"), st.integers(1, 12)),
        st.tuples(st.just("business"), st.booleans()),
    ),
    min_size=1,
    max_size=14,
)


def independent_check(seats: int, helices: list[str], business_civil: bool) -> bool:
    """The rule, written out again: officials at most a third of the seats;
    seats not held by officials or by members who do not count as civil
    society at least two thirds."""
    officials = helices.count(GOV)
    not_civil = officials + (0 if business_civil else helices.count(IND))
    return (
        len(helices) <= seats
        and officials <= math.floor(Fraction(1, 3) * seats)
        and seats - not_civil >= math.ceil(Fraction(2, 3) * seats)
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_the_rule_holds_after_every_accepted_sequence_of_changes(council, cast, ops):
    coordinator, secretary = cast["coordinator"], council.secretary
    with transaction.atomic():
        CouncilMember.objects.filter(council=council).delete()
        council.seats, council.business_counts_as_civil = 9, False
        council.save()
        for op, arg in ops:
            sitting = list(
                CouncilMember.objects.filter(council=council, status="active")
                .order_by("id")
                .values_list("helix", flat=True)
            )
            council.refresh_from_db()
            if op == "appoint":
                expected = independent_check(council.seats, [*sitting, arg], council.business_counts_as_civil)
                try:
                    services.member_appoint(council=council, actor=secretary, user=UserFactory(), helix=arg)
                    accepted = True
                except DomainError as refused:
                    accepted = False
                    assert "seat" in refused.message
                assert accepted == expected, (op, arg, sitting, council.seats)
            elif op == "leave":
                members = list(CouncilMember.objects.filter(council=council, status="active").order_by("id"))
                if members:
                    services.member_leave(member=members[arg % len(members)], actor=secretary, reason="Resigned")
            else:
                values = {"seats": arg} if op == "seats" else {"business_counts_as_civil": arg}
                after = {
                    "seats": values.get("seats", council.seats),
                    "business_civil": values.get("business_counts_as_civil", council.business_counts_as_civil),
                }
                expected = independent_check(after["seats"], sitting, after["business_civil"])
                try:
                    services.council_update(council=council, actor=coordinator, **values)
                    accepted = True
                except DomainError:
                    accepted = False
                assert accepted == expected, (op, arg, sitting)
            council.refresh_from_db()
            now = list(CouncilMember.objects.filter(council=council, status="active").values_list("helix", flat=True))
            assert independent_check(council.seats, now, council.business_counts_as_civil)
        transaction.set_rollback(True)


def test_a_new_council_has_no_member_and_keeps_the_rule(db):
    council = CouncilFactory()
    assert composition.holds(council.rule, council.seats, [])
