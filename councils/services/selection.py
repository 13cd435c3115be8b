"""Selection by lot, step by step (the procedure is in councils.sortition).

call_create → call_open (the commitment is public) → volunteers apply →
call_close (the pool is frozen, pseudonymised and published) → the
selection commission sets the quotas → public_value_record (the quotas are
fixed; the seed becomes known) → draw_start → draw_run (in a worker) seats
the panel → vacancy_fill seats alternates when seats empty.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core.errors import DomainError
from core.permissions import require
from stakeholders.choices import Helix
from stakeholders.models import District, Organisation

from .. import composition, sortition
from ..choices import AgeBand, Gender, QuotaFeature, SelectedBy
from ..models import (
    CommissionSeat,
    Council,
    CouncilMember,
    CouncilTerm,
    Draw,
    Quota,
    Replacement,
    Volunteer,
    VolunteerCall,
)
from ..selectors import term_current
from . import events
from .councils import member_appoint, sitting_helices

logger = logging.getLogger(__name__)
Call = VolunteerCall.Status
MAX_COMMISSION = 15


def _lock(call: VolunteerCall) -> VolunteerCall:
    return (
        VolunteerCall.objects.select_for_update().select_related("council", "council__region", "term").get(pk=call.pk)
    )


def free_seats(council: Council, term: CouncilTerm) -> int:
    return council.seats - len(sitting_helices(term))


# --- the call ------------------------------------------------------------------
@transaction.atomic
def call_create(
    *,
    council: Council,
    actor,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    seats_to_fill: int,
    beacon_source: str,
    term: CouncilTerm | None = None,
    description: str = "",
    alternates_wanted: int = 3,
    commission_size: int = 3,
) -> VolunteerCall:
    require(actor, "councils.manage_call", council)
    term = term or term_current(council)
    if term is None or term.council_id != council.pk:
        raise DomainError(gettext("The council has no term to fill seats for: add one first."), field="term")
    if closes_at <= opens_at:
        raise DomainError(gettext("The call must close after it opens."), field="closes_at")
    if closes_at <= timezone.now():
        raise DomainError(gettext("The closing time must be in the future."), field="closes_at")
    free = free_seats(council, term)
    if not 1 <= seats_to_fill <= free:
        raise DomainError(
            ngettext(
                "The term has %(free)s free seat: the call can fill from 1 to %(free)s.",
                "The term has %(free)s free seats: the call can fill from 1 to %(free)s.",
                free,
            )
            % {"free": free}
            if free
            else gettext("Every seat of this term is taken."),
            field="seats_to_fill",
        )
    if not 1 <= commission_size <= MAX_COMMISSION:
        raise DomainError(
            gettext("A selection commission has from 1 to %(n)s members.") % {"n": MAX_COMMISSION},
            field="commission_size",
        )
    if not (beacon_source or "").strip():
        raise DomainError(
            gettext("Say where the public value will come from: it is published with the call."), field="beacon_source"
        )
    secret = sortition.new_secret()
    return VolunteerCall.objects.create(
        council=council,
        term=term,
        title=title,
        description=description,
        opens_at=opens_at,
        closes_at=closes_at,
        seats_to_fill=seats_to_fill,
        alternates_wanted=alternates_wanted,
        commission_size=commission_size,
        beacon_source=beacon_source.strip(),
        secret=secret,
        commitment=sortition.commitment(secret),
        created_by=actor,
    )


@transaction.atomic
def call_open(*, call: VolunteerCall, actor) -> VolunteerCall:
    """Publish the call with its commitment and the source of the public value."""
    call = _lock(call)
    VolunteerCall.lifecycle.apply(call, "open", actor=actor, save=False)
    call.opened_at = timezone.now()
    call.save(update_fields=["status", "opened_at"])
    events.call_opened(call, actor=actor)
    return call


@transaction.atomic
def call_close(*, call: VolunteerCall, actor) -> VolunteerCall:
    """Freeze the pool: pseudonyms in a random order (they say nothing of
    who applied when), its digest published."""
    call = _lock(call)
    VolunteerCall.lifecycle.apply(call, "close", actor=actor, save=False)
    volunteers = list(call.volunteers.select_for_update().filter(status=Volunteer.Status.ACTIVE))
    random.SystemRandom().shuffle(volunteers)
    width = max(3, len(str(len(volunteers))))
    for number, volunteer in enumerate(volunteers, start=1):
        volunteer.pseudonym = f"V-{number:0{width}d}"
    Volunteer.objects.bulk_update(volunteers, ["pseudonym"])
    call.pool_digest = sortition.pool_digest(pool_of(call))
    call.pool_frozen_at = timezone.now()
    call.save(update_fields=["status", "pool_digest", "pool_frozen_at"])
    return call


@transaction.atomic
def call_cancel(*, call: VolunteerCall, actor) -> VolunteerCall:
    call = _lock(call)
    VolunteerCall.lifecycle.apply(call, "cancel", actor=actor)
    return call


# --- the selection commission --------------------------------------------------
@transaction.atomic
def commission_seat_add(
    *, call: VolunteerCall, actor, user, organisation: Organisation | None = None, helix: str | None = None
) -> CommissionSeat:
    """A seat on the commission; refused with the numbers when the
    commission would no longer be one third government at most."""
    require(actor, "councils.manage_commission", call)
    call = _lock(call)
    seats = list(call.commission.all())
    if any(seat.user_id == user.pk for seat in seats):
        raise DomainError(
            gettext("%(name)s already sits on the commission.") % {"name": user.public_name}, field="user"
        )
    if organisation is not None and not organisation.memberships.filter(user=user, status="active").exists():
        raise DomainError(
            gettext("%(name)s is not an active member of %(org)s.") % {"name": user.public_name, "org": organisation},
            field="organisation",
        )
    if call.volunteers.filter(user=user, status=Volunteer.Status.ACTIVE).exists():
        raise DomainError(
            gettext("%(name)s volunteered for this call: a volunteer does not sit on its commission.")
            % {"name": user.public_name},
            field="person",
        )
    helix = organisation.helix if organisation is not None else (helix or user.effective_helix)
    reason = composition.refusal(call.council.rule, call.commission_size, [*(s.helix for s in seats), helix])
    if reason:
        raise DomainError(reason, code="composition")
    return CommissionSeat.objects.create(call=call, user=user, organisation=organisation, helix=helix)


@transaction.atomic
def commission_seat_remove(*, seat: CommissionSeat, actor) -> None:
    require(actor, "councils.manage_commission", seat.call)
    _lock(seat.call)
    seat.delete()


# --- volunteers ----------------------------------------------------------------
@transaction.atomic
def volunteer_apply(
    *,
    call: VolunteerCall,
    user,
    district: District,
    gender: str,
    age_band: str,
    organisation: Organisation | None = None,
    motivation: str = "",
) -> Volunteer:
    require(user, "councils.volunteer", call)
    call = _lock(call)
    if district.region_id != call.council.region_id:
        raise DomainError(
            gettext("Choose a district of %(region)s.") % {"region": call.council.region}, field="district"
        )
    if gender not in Gender.values:
        raise DomainError(gettext("Choose one of the options."), field="gender")
    if age_band not in AgeBand.values:
        raise DomainError(gettext("Choose one of the options."), field="age_band")
    if organisation is not None:
        if organisation.region_id != call.council.region_id:
            raise DomainError(gettext("Choose an organisation of the council's region."), field="organisation")
        if not organisation.memberships.filter(user=user, status="active", role="representative").exists():
            raise DomainError(
                gettext("You can volunteer for an organisation only as its representative."), field="organisation"
            )
    existing = Volunteer.objects.filter(call=call, user=user).first()
    if existing is not None and existing.status == Volunteer.Status.ACTIVE:
        raise DomainError(gettext("You have already volunteered for this call."))
    volunteer = existing or Volunteer(call=call, user=user)
    volunteer.organisation = organisation
    volunteer.helix = organisation.helix if organisation is not None else user.effective_helix
    volunteer.district = district
    volunteer.gender = gender
    volunteer.age_band = age_band
    volunteer.motivation = (motivation or "").strip()[:2000]
    volunteer.status = Volunteer.Status.ACTIVE
    volunteer.save()
    return volunteer


@transaction.atomic
def volunteer_withdraw(*, volunteer: Volunteer, actor) -> Volunteer:
    call = _lock(volunteer.call)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk, call=call)
    if volunteer.user_id != getattr(actor, "pk", None):
        raise DomainError(gettext("Only the volunteer withdraws from the pool."))
    if call.status != Call.OPEN:
        raise DomainError(gettext("The pool is frozen: it can no longer change."))
    volunteer.status = Volunteer.Status.WITHDRAWN
    volunteer.save(update_fields=["status"])
    return volunteer


# --- the pool and the quotas as the procedure sees them -----------------------
def pool_of(call: VolunteerCall) -> list[dict[str, str]]:
    """The frozen pool, pseudonymised (what is published and drawn from)."""
    rows = (
        call.volunteers.exclude(pseudonym="")
        .filter(status=Volunteer.Status.ACTIVE)
        .values_list("pseudonym", "helix", "district_id", "gender", "age_band")
    )
    return sortition.canonical_pool(
        {"id": p, "helix": h, "district": str(d), "gender": g, "age_band": a} for p, h, d, g, a in rows
    )


def feature_values(call: VolunteerCall, feature: str) -> list[tuple[str, str]]:
    """(value, label) of every value a quota on ``feature`` may take."""
    if feature == QuotaFeature.HELIX:
        return [(v, str(label)) for v, label in Helix.choices]
    if feature == QuotaFeature.GENDER:
        return [(v, str(label)) for v, label in Gender.choices]
    if feature == QuotaFeature.AGE_BAND:
        return [(v, str(label)) for v, label in AgeBand.choices]
    return [(str(d.pk), d.name) for d in District.objects.filter(region_id=call.council.region_id).order_by("name")]


def quotas_of(call: VolunteerCall) -> sortition.Quotas:
    """Every value of each feature the commission set quotas on; a value
    without a row of its own may take from none to every seat."""
    rows = list(call.quotas.all())
    quotas: sortition.Quotas = {}
    for feature in QuotaFeature.values:
        mine = {q.value: [q.minimum, q.maximum] for q in rows if q.feature == feature}
        if not mine:
            continue
        quotas[feature] = {
            value: mine.get(value, [0, call.seats_to_fill]) for value, _label in feature_values(call, feature)
        }
    return quotas


def problem_messages(
    call: VolunteerCall, problems: list[sortition.QuotaProblem], *, seats: int | None = None
) -> list[str]:
    """Each quota problem in the reader's language, naming the quota."""
    features = dict(QuotaFeature.choices)
    labels = {f: dict(feature_values(call, f)) for f in QuotaFeature.values}
    seats = seats if seats is not None else call.seats_to_fill
    messages = []
    for p in problems:
        feature = str(features.get(p.feature, p.feature))
        value = labels.get(p.feature, {}).get(p.value, p.value)
        if p.kind == "seats_out_of_range" and p.low > p.seats:
            messages.append(
                gettext("The minimums for %(feature)s add up to %(low)s, more than the %(seats)s seats to fill.")
                % {"feature": feature, "low": p.low, "seats": p.seats}
            )
        elif p.kind == "seats_out_of_range":
            messages.append(
                gettext("The maximums for %(feature)s add up to %(high)s, fewer than the %(seats)s seats to fill.")
                % {"feature": feature, "high": p.high, "seats": p.seats}
            )
        elif p.kind == "too_few_people":
            messages.append(
                gettext("Only %(n)s volunteers have %(feature)s “%(value)s”: the quota asks for at least %(min)s.")
                % {"n": p.available, "feature": feature, "value": value, "min": p.current[0]}
            )
        elif p.kind == "relax":
            messages.append(
                gettext(
                    "The quota for %(feature)s “%(value)s” (%(min)s to %(max)s) cannot be met with this pool; "
                    "%(new_min)s to %(new_max)s could."
                )
                % {
                    "feature": feature,
                    "value": value,
                    "min": p.current[0],
                    "max": p.current[1],
                    "new_min": p.suggested[0],
                    "new_max": p.suggested[1],
                }
            )
        elif p.kind == "unknown_value":
            messages.append(
                gettext("A volunteer's %(feature)s “%(value)s” has no quota.") % {"feature": feature, "value": value}
            )
        elif p.available < p.seats:
            messages.append(
                ngettext(
                    "There is %(n)s volunteer for %(seats)s seats: no quota can change that.",
                    "There are %(n)s volunteers for %(seats)s seats: no quota can change that.",
                    p.available,
                )
                % {"n": p.available, "seats": p.seats}
            )
        else:
            messages.append(gettext("These quotas cannot be met with this pool, and no small change would help."))
    return messages


def _helix_refusal(call: VolunteerCall, quotas: sortition.Quotas) -> str | None:
    """Whatever panel the quotas allow, would the council keep its rule? The
    worst case is a panel with as many officials, then other non-civil
    members, as the helix maximums let in."""
    council, seats = call.council, call.seats_to_fill
    rule = council.rule
    helix = quotas.get(QuotaFeature.HELIX, {h: [0, seats] for h in Helix.values})
    worst: list[str] = []
    for side in (composition.OFFICIAL, composition.OTHER):
        for value, (_minimum, maximum) in helix.items():
            if rule.side(value) == side:
                worst += [value] * min(maximum, seats - len(worst))
    worst += [Helix.CIVIL_SOCIETY] * (seats - len(worst))
    reason = composition.refusal(rule, council.seats, [*sitting_helices(call.term), *worst])
    if reason:
        return gettext(
            "With these helix quotas the draw could seat a panel that breaks the council's rule: %(reason)s "
            "Lower the maximums of the helices that do not count as civil society."
        ) % {"reason": reason}
    return None


@transaction.atomic
def quotas_set(*, call: VolunteerCall, actor, rows: list[tuple[str, str, int, int]]) -> list[Quota]:
    """Replace the call's quotas by ``rows`` (feature, value, at least, at
    most). Checked against the seats, against the council's composition rule
    and, once the pool is frozen, against the pool itself (the solver says
    which quota cannot be met)."""
    require(actor, "councils.set_quotas", call)
    call = _lock(call)
    seats = call.seats_to_fill
    quotas: sortition.Quotas = {}
    for feature, value, minimum, maximum in rows:
        if feature not in QuotaFeature.values or value not in dict(feature_values(call, feature)):
            raise DomainError(gettext("Unknown quota: %(f)s “%(v)s”.") % {"f": feature, "v": value})
        if minimum < 0 or maximum < minimum or maximum > seats:
            raise DomainError(
                gettext("Each quota needs 0 ≤ at least ≤ at most ≤ %(seats)s (the seats to fill).") % {"seats": seats},
                field=f"{feature}-{value}",
            )
        quotas.setdefault(feature, {})[value] = [minimum, maximum]
    # Values left out take the default, as quotas_of() reads them back.
    full = {
        feature: {v: values.get(v, [0, seats]) for v, _l in feature_values(call, feature)}
        for feature, values in quotas.items()
    }
    arithmetic = [p for p in sortition.quota_problems([], full, seats) if p.kind == "seats_out_of_range"]
    if arithmetic:
        raise DomainError(" ".join(problem_messages(call, arithmetic)))
    reason = _helix_refusal(call, full)
    if reason:
        raise DomainError(reason, code="composition")
    if call.lifecycle.is_in(call, "pool_frozen"):
        try:
            sortition.check_feasible(pool_of(call), full, seats)
        except sortition.Infeasible as exc:
            raise DomainError(" ".join(problem_messages(call, exc.problems)), code="infeasible") from exc
    call.quotas.all().delete()
    created = Quota.objects.bulk_create(
        [
            Quota(call=call, feature=f, value=v, minimum=b[0], maximum=b[1], set_by=actor)
            for f, values in quotas.items()
            for v, b in values.items()
        ]
    )
    return created


@transaction.atomic
def public_value_record(*, call: VolunteerCall, actor, value: str) -> VolunteerCall:
    """Record the public value (after the pool is frozen): the seed is now
    determined and the quotas are fixed, so they are checked against the pool first."""
    require(actor, "councils.record_public_value", call)
    call = _lock(call)
    value = (value or "").strip()
    if not value:
        raise DomainError(gettext("Enter the public value as published by its source."), field="value")
    quotas = quotas_of(call)
    if not quotas:
        raise DomainError(gettext("The selection commission has not set the quotas yet."))
    # Members may have been appointed since the quotas were set.
    reason = _helix_refusal(call, quotas)
    if reason:
        raise DomainError(reason, code="composition")
    try:
        sortition.check_feasible(pool_of(call), quotas, call.seats_to_fill)
    except sortition.Infeasible as exc:
        raise DomainError(
            gettext("The quotas cannot be met by the frozen pool; the commission must change them first: %(why)s")
            % {"why": " ".join(problem_messages(call, exc.problems))},
            code="infeasible",
        ) from exc
    call.beacon_value = value[:300]
    call.beacon_recorded_at = timezone.now()
    call.save(update_fields=["beacon_value", "beacon_recorded_at"])
    return call


# --- the draw ------------------------------------------------------------------
def _publish_draw(call_id: int) -> None:
    from config.celery_app import app

    from ..tasks import run_draw

    if app.conf.task_always_eager:
        run_draw.apply(args=(call_id,), throw=True)
        return
    try:
        run_draw.apply_async(args=(call_id,), retry=True, retry_policy={"max_retries": 2, "interval_start": 0.2})
    except Exception:  # the broker is down: the page offers to start it again
        logger.warning("Broker unreachable: the draw of call %s waits to be started again.", call_id, exc_info=True)


@transaction.atomic
def draw_start(*, call: VolunteerCall, actor) -> VolunteerCall:
    """Start the draw; a worker runs it (the solver takes seconds). Starting
    it again while it runs only queues it again (the draw runs once)."""
    call = _lock(call)
    if call.status == Call.DRAWING:
        require(actor, "councils.run_draw", call)
    else:
        VolunteerCall.lifecycle.apply(call, "draw", actor=actor, save=False)
    call.draw_started_at = timezone.now()
    call.draw_started_by = actor
    call.draw_error = ""
    call.save(update_fields=["status", "draw_started_at", "draw_started_by", "draw_error"])
    transaction.on_commit(lambda: _publish_draw(call.pk))
    return call


def _record(call: VolunteerCall, people, quotas, seed: str, result: sortition.DrawResult) -> dict:
    versions = sortition.library_versions()
    districts = {str(d.pk): d.name for d in District.objects.filter(region_id=call.council.region_id)}
    return {
        "format": sortition.RECORD_FORMAT,
        "version": sortition.RECORD_VERSION,
        "council": call.council.name,
        "call": {"id": call.pk, "title": call.title},
        "procedure": {
            "library": "sortition-algorithms",
            "library_version": versions["sortition-algorithms"],
            "highspy_version": versions["highspy"],
            "algorithm": sortition.ALGORITHM,
            "seed": "SHA-256(secret \\n pool digest \\n public value); per use: SHA-256(seed \\n purpose)[:8]",
            "verify": "python -m councils.sortition record.json",
        },
        "commitment": {
            "sha256": call.commitment,
            "published_at": call.opened_at.isoformat() if call.opened_at else None,
        },
        "secret": call.secret,
        "public_value": {
            "source": call.beacon_source,
            "value": call.beacon_value,
            "recorded_at": call.beacon_recorded_at.isoformat(),
        },
        "pool": {"frozen_at": call.pool_frozen_at.isoformat(), "digest": call.pool_digest, "people": people},
        "quotas": {"seats": call.seats_to_fill, "alternates": call.alternates_wanted, "features": quotas},
        "labels": {"district": {k: v for k, v in districts.items() if any(p["district"] == k for p in people)}},
        "seed": seed,
        "result": {"panel": result.panel, "alternates": result.alternates},
        "replacements": [],
    }


def _seat(call: VolunteerCall, draw: Draw, volunteer: Volunteer, actor, selected_by: str) -> CouncilMember | None:
    """Seat a drawn volunteer (None when they have left the platform since)."""
    if volunteer.user is None:
        return None
    organisation = volunteer.organisation
    if organisation is not None and not organisation.memberships.filter(user=volunteer.user, status="active").exists():
        organisation = None
    return member_appoint(
        council=call.council,
        actor=actor,
        user=volunteer.user,
        term=call.term,
        organisation=organisation,
        helix=volunteer.helix,
        selected_by=selected_by,
        draw=draw,
        pseudonym=volunteer.pseudonym,
        check_permission=False,
    )


def draw_run(*, call_id: int) -> Draw | None:
    """Run the draw of a call that is waiting for it, publish its record and
    seat the panel, all at once; or put the call back with the reason. Safe
    to run twice."""
    try:
        with transaction.atomic():
            call = VolunteerCall.objects.select_for_update().select_related("council", "term").get(pk=call_id)
            if call.status != Call.DRAWING or Draw.objects.filter(call=call).exists():
                return None
            people, quotas = pool_of(call), quotas_of(call)
            seed = sortition.seed_hex(call.secret, call.pool_digest, call.beacon_value)
            result = sortition.draw(people, quotas, call.seats_to_fill, call.alternates_wanted, seed)
            actor = call.draw_started_by
            draw = Draw.objects.create(
                call=call,
                seed=seed,
                record=_record(call, people, quotas, seed, result),
                panel=result.panel,
                alternates=result.alternates,
                drawn_by=actor,
            )
            volunteers = {v.pseudonym: v for v in call.volunteers.select_related("user", "organisation")}
            for pseudonym in result.panel:
                _seat(call, draw, volunteers[pseudonym], actor, SelectedBy.LOT)
            VolunteerCall.lifecycle.apply(call, "drawn")
            events.draw_published(draw, actor=actor)
            return draw
    except (sortition.Infeasible, DomainError) as exc:
        call = VolunteerCall.objects.get(pk=call_id)
        error = " ".join(problem_messages(call, exc.problems)) if isinstance(exc, sortition.Infeasible) else exc.message
        with transaction.atomic():
            call = _lock(call)
            if call.status == Call.DRAWING:
                VolunteerCall.lifecycle.apply(call, "draw_failed", save=False)
                call.draw_error = error
                call.save(update_fields=["status", "draw_error"])
        return None


def vacancy(draw: Draw) -> tuple[str | None, list[str], list[str]]:
    """(the first empty seat's pseudonym, drawn members sitting, alternates available)."""
    call = draw.call
    replacements = list(draw.replacements.all())
    drawn = [*draw.panel, *(r.chosen_pseudonym for r in replacements)]
    replaced = {r.left_pseudonym for r in replacements}
    sitting_now = set(
        CouncilMember.objects.filter(draw=draw, status=CouncilMember.Status.ACTIVE).values_list("pseudonym", flat=True)
    )
    empty = [p for p in drawn if p not in sitting_now and p not in replaced]
    used = {r.chosen_pseudonym for r in replacements}
    sitting_users = set(
        CouncilMember.objects.filter(term=call.term, status=CouncilMember.Status.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    volunteers = {v.pseudonym: v for v in call.volunteers.exclude(pseudonym="")}
    available = [
        p
        for p in draw.alternates
        if p not in used and volunteers[p].user_id is not None and volunteers[p].user_id not in sitting_users
    ]
    return (empty[0] if empty else None), [p for p in drawn if p in sitting_now], available


@transaction.atomic
def vacancy_fill(*, draw: Draw, actor) -> CouncilMember:
    """Fill the first empty seat of a draw from its alternates, by the same
    rule: a draw of one with the quotas reduced by the drawn members still
    sitting, its seed derived from the draw's. The step joins the record."""
    require(actor, "councils.fill_vacancy", draw)
    call = _lock(draw.call)
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    left, sitting, available = vacancy(draw)
    if left is None:
        raise DomainError(gettext("No seat filled by this draw is empty."))
    if not available:
        raise DomainError(gettext("No alternate is left to fill the seat: a new call for volunteers is needed."))
    number = draw.replacements.count() + 1
    quotas = draw.record["quotas"]["features"]
    try:
        chosen = sortition.fill_vacancy(draw.record["pool"]["people"], quotas, sitting, available, draw.seed, number)
    except sortition.Infeasible as exc:
        raise DomainError(
            gettext("No alternate can take the seat without breaking the quotas: %(why)s")
            % {"why": " ".join(problem_messages(call, exc.problems, seats=1))},
            code="infeasible",
        ) from exc
    volunteer = call.volunteers.select_related("user", "organisation").get(pseudonym=chosen)
    member = _seat(call, draw, volunteer, actor, SelectedBy.ALTERNATE)
    left_member = CouncilMember.objects.filter(draw=draw, pseudonym=left).order_by("-id").first()
    Replacement.objects.create(
        draw=draw,
        number=number,
        left=left_member,
        left_pseudonym=left,
        chosen_pseudonym=chosen,
        seated=member,
        created_by=actor,
    )
    record = dict(draw.record)
    record["replacements"] = [
        *record.get("replacements", []),
        {
            "vacancy": number,
            "left": left,
            "sitting": sitting,
            "available": sorted(available),
            "chosen": chosen,
            "at": timezone.now().isoformat(),
        },
    ]
    draw.record = record
    draw.save(update_fields=["record"])
    if member is not None:
        events.seated(member, actor=actor)
    return member
