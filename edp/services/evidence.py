"""The evidence base: regional assets, the SWOT board and region facts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from core import permissions
from core.errors import DomainError
from stakeholders.models import Region

from ..models import EDP, Idea, RegionalAsset, RegionFact, SWOTEntry

ASSET_FIELDS = (
    "dimension",
    "title",
    "description",
    "is_immobile",
    "evidence_source",
    "evidence_figure",
    "evidence_url",
)


@transaction.atomic
def asset_save(*, edp: EDP, actor, asset: RegionalAsset | None = None, **values) -> RegionalAsset:
    """Create or edit a regional asset of ``edp`` (titles are unique per EDP)."""
    unknown = set(values) - set(ASSET_FIELDS)
    if unknown:
        raise ValueError(f"asset_save cannot set {sorted(unknown)}")
    if asset is None:
        asset = RegionalAsset(edp=edp, created_by=actor)
    elif asset.edp_id != edp.pk:
        raise DomainError(gettext("This asset belongs to another process."))
    for name, value in values.items():
        setattr(asset, name, value)
    if RegionalAsset.objects.filter(edp=edp, title__iexact=asset.title).exclude(pk=asset.pk).exists():
        raise DomainError(gettext("The inventory already has an asset with this title."), field="title")
    asset.save()
    return asset


@transaction.atomic
def asset_delete(*, asset: RegionalAsset, actor) -> None:
    if asset.ideas.exclude(status=Idea.Status.DRAFT).exists():
        raise DomainError(
            gettext("Submitted ideas build on this asset, so it cannot be deleted; edit its description instead.")
        )
    asset.delete()


@transaction.atomic
def swot_contribute(*, edp: EDP, author, quadrant: str, text: str, meeting=None) -> SWOTEntry:
    text = " ".join((text or "").split())
    if len(text) < 3:
        raise DomainError(gettext("Write a few words for this entry."), field="text")
    if meeting is not None and meeting.edp_id != edp.pk:
        raise DomainError(gettext("This meeting belongs to another process."), field="meeting")
    if SWOTEntry.objects.filter(edp=edp, quadrant=quadrant, text__iexact=text).exists():
        raise DomainError(gettext("This entry is already on the board."), field="text")
    return SWOTEntry.objects.create(edp=edp, author=author, quadrant=quadrant, text=text, meeting=meeting)


@transaction.atomic
def swot_curate(*, entry: SWOTEntry, actor, status: str, note: str = "", quadrant: str | None = None) -> SWOTEntry:
    """Accept or dismiss an entry, or send it back to review (the SWOT entry
    lifecycle, by the coordinators), optionally moving it to another
    quadrant; the note and quadrant may change without a new decision."""
    if status not in SWOTEntry.Status.values:
        raise DomainError(gettext("Unknown status."), field="status")
    entry = SWOTEntry.objects.select_for_update(of=("self",)).select_related("edp").get(pk=entry.pk)
    entry.curator_note = note.strip()[:300]
    if quadrant:
        entry.quadrant = quadrant
    entry.curated_by = actor
    moves = [
        t.name
        for t in SWOTEntry.lifecycle.transitions
        if t.target == status and SWOTEntry.lifecycle.state(entry) in t.sources
    ]
    if moves:
        SWOTEntry.lifecycle.apply(
            entry, moves[0], actor=actor, update_fields=["curator_note", "quadrant", "curated_by"]
        )
    else:  # the same decision: only the note or the quadrant changes
        permissions.require(actor, "edp.curate_swot", entry)
        entry.save(update_fields=["curator_note", "quadrant", "curated_by"])
    return entry


# --- Region facts -------------------------------------------------------------
FACT_COLUMNS = ["indicator", "value", "unit", "year", "source", "source_url"]


@dataclass
class FactImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_fact_row(row: dict[str, str]) -> tuple[dict, list[str]]:
    problems: list[str] = []
    indicator = (row.get("indicator") or "").strip()
    if not indicator:
        problems.append(gettext("the indicator is missing"))
    elif len(indicator) > 120:
        problems.append(gettext("the indicator name is longer than 120 characters"))
    raw_value = (row.get("value") or "").strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    value = None
    try:
        value = Decimal(raw_value)
        if not value.is_finite() or abs(value) >= Decimal("1e16"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(gettext("“%(value)s” is not a number") % {"value": row.get("value") or ""})
    year = None
    try:
        year = int((row.get("year") or "").strip())
        if not 1990 <= year <= 2100:
            problems.append(gettext("the year %(year)s is outside 1990–2100") % {"year": year})
    except ValueError:
        problems.append(gettext("“%(year)s” is not a year") % {"year": row.get("year") or ""})
    source = (row.get("source") or "").strip()
    if not source:
        problems.append(gettext("the source is missing (every figure needs one)"))
    url = (row.get("source_url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            problems.append(gettext("“%(url)s” is not a web address") % {"url": url})
    values = {
        "indicator": indicator,
        "value": value,
        "unit": (row.get("unit") or "").strip()[:40],
        "year": year,
        "source": source[:200],
        "source_url": url,
    }
    return values, problems


@transaction.atomic
def fact_save(*, region: Region, actor, indicator: str, value, unit: str, year: int, source: str, source_url: str = ""):
    fact, _created = RegionFact.objects.update_or_create(
        region=region,
        indicator=indicator.strip(),
        year=year,
        defaults={"value": value, "unit": unit, "source": source, "source_url": source_url, "created_by": actor},
    )
    return fact


def facts_import_csv(*, region: Region, actor, data: bytes) -> FactImportResult:
    """Import facts from CSV (columns: indicator, value, unit, year, source,
    source_url). All rows or none: when any row is wrong nothing is saved and
    every wrong row is reported with its line number, so the file can be fixed
    and sent again as a whole. A row for an existing indicator and year
    replaces its value."""
    result = FactImportResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((0, gettext("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.")))
        return result
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("indicator", "value", "year", "source") if c not in header]
    if missing:
        result.errors.append(
            (1, gettext("The header lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return result
    reader.fieldnames = header
    parsed: list[dict] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        values, problems = _parse_fact_row(row)
        key = (values["indicator"].lower(), values["year"])
        if not problems and key in seen:
            problems.append(gettext("the same indicator and year is already on line %(line)s") % {"line": seen[key]})
        if problems:
            result.errors.append((line, "; ".join(problems)))
            continue
        seen[key] = line
        parsed.append(values)
    if not parsed and not result.errors:
        result.errors.append((0, gettext("The file has no data rows.")))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for values in parsed:
                _fact, created = RegionFact.objects.update_or_create(
                    region=region,
                    indicator=values.pop("indicator"),
                    year=values.pop("year"),
                    defaults={**values, "created_by": actor},
                )
                result.created += int(created)
                result.updated += int(not created)
    except IntegrityError:
        result.errors.append((0, gettext("Another import changed these facts at the same time: try again.")))
        result.created = result.updated = 0
    return result
