"""Selection by lot through the services: call, pool, commission, quotas,
public value, draw, alternates; and a published draw re-run from its public
record alone."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import permcache
from core.errors import DomainError
from councils import services, sortition
from councils.choices import SelectedBy
from councils.models import CouncilMember, Draw, Volunteer, VolunteerCall
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory
from tests.factories.councils import CallFactory, CommissionSeatFactory, VolunteerFactory, district
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db


def _pool(call, n=10):
    """``n`` residents volunteer: two districts, both genders, four age bands, mostly civil society."""
    districts = [district("Pavlodar city"), district("Ekibastuz city")]
    helices = [Helix.CIVIL_SOCIETY, Helix.CIVIL_SOCIETY, Helix.INDUSTRY, Helix.ACADEMIA, Helix.GOVERNMENT]
    for i in range(n):
        services.volunteer_apply(
            call=call,
            user=UserFactory(region=region(), helix=helices[i % len(helices)]),
            district=districts[i % 2],
            gender=["female", "male"][(i // 2) % 2],
            age_band=["18-29", "30-44", "45-59", "60+"][i % 4],
        )


def _commission(call):
    for helix in (Helix.GOVERNMENT, Helix.CIVIL_SOCIETY, Helix.CIVIL_SOCIETY):
        CommissionSeatFactory(call=call, helix=helix)
    return call.commission.order_by("id").last().user


def _close(call):
    now = timezone.now()
    VolunteerCall.objects.filter(pk=call.pk).update(
        opens_at=now - datetime.timedelta(days=10), closes_at=now - datetime.timedelta(seconds=1)
    )
    call.refresh_from_db()
    return services.call_close(call=call, actor=call.council.secretary)


QUOTAS = [
    ("helix", Helix.CIVIL_SOCIETY, 2, 4),
    ("helix", Helix.GOVERNMENT, 0, 0),
    ("helix", Helix.INDUSTRY, 0, 1),
    ("helix", Helix.ACADEMIA, 0, 1),
    ("gender", "female", 2, 2),
]


def _drawn(call, django_capture_on_commit_callbacks):
    member = _commission(call)
    call = _close(call)
    services.quotas_set(call=call, actor=member, rows=QUOTAS)
    services.public_value_record(call=call, actor=call.council.secretary, value="drand round 9: 00ff")
    with django_capture_on_commit_callbacks(execute=True):
        services.draw_start(call=call, actor=call.council.secretary)
    call.refresh_from_db()
    return call


def test_a_call_publishes_its_commitment_and_freezes_a_pseudonymised_pool(council):
    secretary = council.secretary
    call = services.call_create(
        council=council,
        actor=secretary,
        title="Volunteers",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=7),
        seats_to_fill=4,
        beacon_source="drand, first round after closing",
    )
    assert call.commitment == sortition.commitment(call.secret)
    call = services.call_open(call=call, actor=secretary)
    _pool(call, 6)
    with pytest.raises(DomainError, match="pool is frozen after that"):
        services.call_close(call=call, actor=secretary)
    call = _close(call)
    pseudonyms = list(call.volunteers.values_list("pseudonym", flat=True))
    assert sorted(pseudonyms) == [f"V-{i:03d}" for i in range(1, 7)]
    assert call.pool_digest == sortition.pool_digest(services.selection.pool_of(call))
    with pytest.raises(DomainError, match="closed"):
        services.volunteer_apply(
            call=call, user=UserFactory(region=region()), district=district(), gender="male", age_band="60+"
        )


def test_only_residents_and_representatives_of_the_region_volunteer(council):
    call = CallFactory(council=council)
    elsewhere = UserFactory(region=region("kyzylorda"))
    with pytest.raises(DomainError, match="Only residents of Pavlodar"):
        services.volunteer_apply(call=call, user=elsewhere, district=district(), gender="male", age_band="60+")
    org = OrganisationFactory(region=council.region, helix=Helix.INDUSTRY)
    MembershipFactory(user=elsewhere, organisation=org, role="representative")
    permcache.forget(elsewhere)  # as the membership service does
    entry = services.volunteer_apply(
        call=call, user=elsewhere, district=district(), gender="male", age_band="60+", organisation=org
    )
    assert entry.helix == Helix.INDUSTRY
    unverified = UserFactory(region=region(), verified=False)
    with pytest.raises(DomainError, match="Confirm your email address"):
        services.volunteer_apply(call=call, user=unverified, district=district(), gender="male", age_band="60+")
    with pytest.raises(DomainError, match="Choose a district of"):
        services.volunteer_apply(
            call=call,
            user=UserFactory(region=region()),
            district=district("Aral", "kyzylorda"),
            gender="male",
            age_band="60+",
        )


def test_the_selection_commission_is_itself_two_thirds_civil_society(council):
    call = CallFactory(council=council, commission_size=3)
    services.commission_seat_add(call=call, actor=council.secretary, user=UserFactory(), helix=Helix.GOVERNMENT)
    with pytest.raises(DomainError, match="at most 1 are allowed|1 of 3 seats would be civil society"):
        services.commission_seat_add(call=call, actor=council.secretary, user=UserFactory(), helix=Helix.GOVERNMENT)
    services.commission_seat_add(call=call, actor=council.secretary, user=UserFactory(), helix=Helix.CIVIL_SOCIETY)
    setter = UserFactory()
    # Incomplete: the commission does not act yet, and says so.
    with pytest.raises(DomainError, match="has 2 of its 3 members"):
        services.quotas_set(call=call, actor=setter, rows=QUOTAS)
    services.commission_seat_add(call=call, actor=council.secretary, user=setter, helix=Helix.CIVIL_SOCIETY)
    services.quotas_set(call=call, actor=setter, rows=QUOTAS)
    assert call.quotas.count() == len(QUOTAS)


def test_helix_quotas_that_could_break_the_councils_rule_are_refused(council):
    call = CallFactory(council=council, seats_to_fill=6)
    member = _commission(call)
    with pytest.raises(DomainError, match="could seat a panel that breaks the council's rule"):
        services.quotas_set(call=call, actor=member, rows=[("gender", "female", 3, 3)])
    with pytest.raises(DomainError, match="The minimums for Gender add up to 7, more than the 6 seats"):
        services.quotas_set(
            call=call, actor=member, rows=[*QUOTAS[1:4], ("gender", "female", 4, 6), ("gender", "male", 3, 6)]
        )


def test_quotas_the_frozen_pool_cannot_meet_are_refused_naming_the_quota(council):
    call = CallFactory(council=council, seats_to_fill=4)
    _pool(call, 6)  # four women, one of them an official the helix quota bars
    member = _commission(call)
    call = _close(call)
    too_many_women = [*QUOTAS[:4], ("gender", "female", 4, 4)]
    with pytest.raises(
        DomainError, match=r"The quota for (Gender “Woman”|Helix “Government”) \(\d to \d\) cannot be met"
    ):
        services.quotas_set(call=call, actor=member, rows=too_many_women)


def test_the_draw_seats_the_panel_and_publishes_a_record_anyone_can_rerun(
    council, client, django_capture_on_commit_callbacks
):
    call = CallFactory(council=council, seats_to_fill=4, alternates_wanted=2)
    _pool(call, 12)
    call = _drawn(call, django_capture_on_commit_callbacks)
    assert call.status == VolunteerCall.Status.DRAWN, call.draw_error
    seated = CouncilMember.objects.filter(council=council, selected_by=SelectedBy.LOT)
    assert seated.count() == 4
    assert not seated.filter(helix=Helix.GOVERNMENT).exists()
    # Those drawn, those not, are told.
    subjects = {m.subject for m in mail.outbox}
    assert any("draw" in s for s in subjects)

    # The public record, downloaded by a stranger, is all it takes to re-run the draw.
    response = client.get(reverse("councils:record", args=[council.slug, call.pk]))
    assert response.status_code == 200
    record = json.loads(response.content)
    assert "user" not in json.dumps(record) and "@" not in json.dumps(record["pool"])
    outcome = sortition.verify(record)
    assert outcome.ok, outcome.problems
    assert outcome.panel == sorted(record["result"]["panel"]) == sorted(seated.values_list("pseudonym", flat=True))


def test_an_empty_seat_is_filled_from_the_alternates_and_joins_the_record(council, django_capture_on_commit_callbacks):
    call = CallFactory(council=council, seats_to_fill=4, alternates_wanted=3)
    _pool(call, 12)
    call = _drawn(call, django_capture_on_commit_callbacks)
    draw = Draw.objects.get(call=call)
    leaving = CouncilMember.objects.filter(draw=draw).first()
    services.member_leave(member=leaving, actor=leaving.user, reason="Moved abroad")
    seated = services.vacancy_fill(draw=draw, actor=council.secretary)
    assert seated.selected_by == SelectedBy.ALTERNATE and seated.pseudonym in draw.alternates
    draw.refresh_from_db()
    assert draw.record["replacements"][0]["left"] == leaving.pseudonym
    assert sortition.verify(draw.record).ok
    with pytest.raises(DomainError, match="No seat filled by this draw is empty"):
        services.vacancy_fill(draw=draw, actor=council.secretary)


def test_the_draw_waits_for_the_public_value_and_the_quotas(council):
    call = CallFactory(council=council)
    _pool(call, 6)
    member = _commission(call)
    call = _close(call)
    with pytest.raises(DomainError, match="Record the public value first"):
        services.draw_start(call=call, actor=council.secretary)
    with pytest.raises(DomainError, match="has not set the quotas"):
        services.public_value_record(call=call, actor=council.secretary, value="x")
    services.quotas_set(call=call, actor=member, rows=QUOTAS)
    call = services.public_value_record(call=call, actor=council.secretary, value="drand 5: aa")
    with pytest.raises(DomainError, match="quotas were fixed"):
        services.quotas_set(call=call, actor=member, rows=QUOTAS)
    with pytest.raises(DomainError, match="cannot change"):
        services.public_value_record(call=call, actor=council.secretary, value="another")


def test_a_worker_that_runs_the_draw_twice_seats_the_panel_once(council, django_capture_on_commit_callbacks):
    call = CallFactory(council=council, seats_to_fill=4)
    _pool(call, 8)
    call = _drawn(call, django_capture_on_commit_callbacks)
    assert services.draw_run(call_id=call.pk) is None
    assert CouncilMember.objects.filter(council=council, selected_by=SelectedBy.LOT).count() == 4


def test_withdrawing_is_possible_only_while_the_call_is_open(council):
    call = CallFactory(council=council)
    entry = VolunteerFactory(call=call, user=UserFactory(region=region()))
    services.volunteer_withdraw(volunteer=entry, actor=entry.user)
    assert Volunteer.objects.get(pk=entry.pk).status == Volunteer.Status.WITHDRAWN


def test_the_call_is_announced_to_the_regions_residents_and_each_volunteer_learns_their_draw(
    council, django_capture_on_commit_callbacks
):
    from notifications.registry import get_event_type as event_type

    resident = UserFactory(region=region())
    elsewhere = UserFactory(region=region("kyzylorda"))
    call = CallFactory(council=council, status=VolunteerCall.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        call = services.call_open(call=call, actor=council.secretary)
    announced = {a for m in mail.outbox if "calls for volunteers" in m.subject for a in m.to}
    assert resident.email in announced and elsewhere.email not in announced

    _pool(call, 10)
    call = _drawn(call, django_capture_on_commit_callbacks)
    draw = Draw.objects.get(call=call)
    drawn = event_type("councils.draw_published")
    by_pseudonym = {v.pseudonym: v.user for v in call.volunteers.all()}
    panel_person = by_pseudonym[draw.panel[0]]
    assert "you now sit on the council" in drawn.render(draw, panel_person).body
    if draw.alternates:
        assert "as an alternate" in drawn.render(draw, by_pseudonym[draw.alternates[0]]).body
    others = set(by_pseudonym) - set(draw.panel) - set(draw.alternates)
    if others:
        assert "not drawn this time" in drawn.render(draw, by_pseudonym[sorted(others)[0]]).body


def test_an_official_appointed_after_the_quotas_were_set_stops_the_public_value(council):
    call = CallFactory(council=council, seats_to_fill=4)
    _pool(call, 8)
    member = _commission(call)
    call = _close(call)
    services.quotas_set(call=call, actor=member, rows=[*QUOTAS[:2], ("helix", Helix.INDUSTRY, 0, 2), QUOTAS[3]])
    # 9 seats: two officials now sit; with two business members drawn, 5 would be left for civil society (6 needed).
    for _ in range(2):
        services.member_appoint(council=council, actor=council.secretary, user=UserFactory(), helix=Helix.GOVERNMENT)
    with pytest.raises(DomainError, match="could seat a panel that breaks the council's rule"):
        services.public_value_record(call=call, actor=council.secretary, value="drand 3: 01")


def test_the_commission_and_the_pool_do_not_mix(council):
    call = CallFactory(council=council)
    judge = UserFactory(region=region())
    services.commission_seat_add(call=call, actor=council.secretary, user=judge, helix=Helix.CIVIL_SOCIETY)
    with pytest.raises(DomainError, match="do not volunteer in it"):
        services.volunteer_apply(call=call, user=judge, district=district(), gender="male", age_band="60+")
    volunteer = UserFactory(region=region())
    services.volunteer_apply(call=call, user=volunteer, district=district(), gender="male", age_band="60+")
    with pytest.raises(DomainError, match="a volunteer does not sit on its commission"):
        services.commission_seat_add(call=call, actor=council.secretary, user=volunteer, helix=Helix.CIVIL_SOCIETY)
