from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from edp import services
from edp.models import RegionFact, SWOTEntry
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory
from tests.factories.edp import (
    IdeaFactory,
    MeetingFactory,
    MeetingRegistrationFactory,
    RegionalAssetFactory,
    RegionFactFactory,
    SWOTEntryFactory,
)

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "indicator,value,unit,year,source,source_url\n"
    'GRP per capita,"5 120 300,5",KZT,2023,Bureau of National Statistics,https://stat.gov.kz\n'
    "Population,756500,people,2024,Bureau of National Statistics,\n"
)


def test_csv_import_creates_and_updates(edp):
    RegionFactFactory(region=edp.region, indicator="Population", year=2024, value=1)
    result = services.facts_import_csv(region=edp.region, actor=None, data=GOOD_CSV.encode())
    assert result.ok and (result.created, result.updated) == (1, 1)
    assert RegionFact.objects.get(indicator="GRP per capita").value == Decimal("5120300.5")
    assert RegionFact.objects.get(indicator="Population").value == 756500


def test_csv_import_reports_every_bad_row_and_saves_nothing(edp):
    data = (
        b"indicator;value;unit;year;source;source_url\n"
        b"GRP per capita;5120300;KZT;2023;BNS;\n"
        b";12;;2023;BNS;\n"
        b"Output per worker;lots;KZT;20x3;;ftp://nowhere\n"
        b"GRP per capita;1;KZT;2023;BNS;\n"
        b"Old;1;;1850;BNS;\n"
    )
    result = services.facts_import_csv(region=edp.region, actor=None, data=data)
    lines = dict(result.errors)
    assert set(lines) == {3, 4, 5, 6}
    assert "indicator is missing" in lines[3]
    assert "“lots” is not a number" in lines[4] and "“20x3” is not a year" in lines[4]
    assert "source is missing" in lines[4] and "not a web address" in lines[4]
    assert "already on line 2" in lines[5]
    assert "outside 1990–2100" in lines[6]
    assert RegionFact.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,amount\nx,1\n", "lacks the column"),
        ("indicator,value,year,source\n".encode("utf-16"), "not UTF-8"),
        (b"indicator,value,year,source\n", "no data rows"),
    ],
)
def test_csv_import_refuses_unusable_files(edp, data, message):
    result = services.facts_import_csv(region=edp.region, actor=None, data=data)
    assert not result.ok and message in result.errors[0][1]


def test_csv_import_page_shows_row_errors(client_as, edp):
    client = client_as("coordinator")
    upload = SimpleUploadedFile(
        "facts.csv", b"indicator,value,year,source\nGRP,abc,2023,BNS\n", content_type="text/csv"
    )
    response = client.post(reverse("edp:facts", args=[edp.slug]), {"import": "1", "file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "Nothing was imported" in body and "“abc” is not a number" in body
    good = SimpleUploadedFile("facts.csv", GOOD_CSV.encode(), content_type="text/csv")
    assert client.post(reverse("edp:facts", args=[edp.slug]), {"import": "1", "file": good}).status_code == 302
    assert "GRP per capita" in client.get(reverse("edp:facts", args=[edp.slug])).content.decode()


def test_meeting_participants_contribute_to_swot_and_the_coordinator_curates(client, client_as, edp, cast):
    participant = UserFactory()
    meeting = MeetingFactory(edp=edp)
    MeetingRegistrationFactory(meeting=meeting, user=participant)
    client.force_login(participant)
    response = client.post(
        reverse("edp:swot", args=[edp.slug]),
        {"quadrant": "strength", "text": "Cheap power from Ekibastuz", "meeting": meeting.pk},
    )
    assert response.status_code == 302
    entry = SWOTEntry.objects.get(text="Cheap power from Ekibastuz")
    assert entry.status == SWOTEntry.Status.PROPOSED and entry.meeting == meeting
    # The public sees only curated entries.
    assert "Cheap power" not in client_as("anonymous").get(reverse("edp:swot", args=[edp.slug])).content.decode()
    coordinator = client_as("coordinator")
    coordinator.post(
        reverse("edp:swot_curate", args=[edp.slug, entry.pk]), {"status": "accepted", "quadrant": "opportunity"}
    )
    entry.refresh_from_db()
    assert (entry.status, entry.quadrant) == (SWOTEntry.Status.ACCEPTED, "opportunity")
    assert "Cheap power" in client_as("anonymous").get(reverse("edp:swot", args=[edp.slug])).content.decode()


def test_duplicate_swot_entry_is_refused(edp):
    SWOTEntryFactory(edp=edp, quadrant="threat", text="Brain drain to Astana")
    with pytest.raises(DomainError, match="already on the board"):
        services.swot_contribute(edp=edp, author=UserFactory(), quadrant="threat", text="brain  drain to astana")


def test_asset_used_by_submitted_ideas_cannot_be_deleted(edp):
    asset = RegionalAssetFactory(edp=edp)
    IdeaFactory(edp=edp, submitted=True, assets=[asset])
    with pytest.raises(DomainError, match="Submitted ideas build on this asset"):
        services.asset_delete(asset=asset, actor=None)


def test_asset_titles_are_unique_per_edp(edp):
    RegionalAssetFactory(edp=edp, title="Irtysh river")
    with pytest.raises(DomainError) as caught:
        services.asset_save(edp=edp, actor=None, dimension="geographic", title="irtysh river")
    assert caught.value.field == "title"


def _attend(edp, helix, n):
    meeting = MeetingFactory(edp=edp, starts_at=timezone.now() - timedelta(days=1))
    for _ in range(n):
        MeetingRegistrationFactory(meeting=meeting, helix=helix, attended=True)


def test_edp_page_warns_the_coordinator_of_an_underrepresented_helix(client_as, edp):
    _attend(edp, Helix.INDUSTRY, 10)
    _attend(edp, Helix.ACADEMIA, 6)
    _attend(edp, Helix.GOVERNMENT, 3)
    _attend(edp, Helix.CIVIL_SOCIETY, 1)  # 5% < 15%
    body = client_as("coordinator").get(edp.get_absolute_url()).content.decode()
    assert "Under-represented:" in body and "Civil society (5.0%)" in body
    assert 'data-chart="helix-bar"' in body and 'id="participation-data"' in body
    public = client_as("anonymous").get(edp.get_absolute_url()).content.decode()
    assert "Under-represented:" not in public and "50.0%" in public
    edp.underrepresented_share = 4
    edp.save()
    assert "Under-represented:" not in client_as("coordinator").get(edp.get_absolute_url()).content.decode()


def test_edp_page_queries_do_not_grow(client_as, edp, django_assert_max_num_queries):
    client = client_as("coordinator")

    def grow(n):
        for _ in range(n):
            _attend(edp, Helix.INDUSTRY, 2)
            RegionalAssetFactory(edp=edp)
            IdeaFactory(edp=edp, submitted=True)
            MeetingFactory(edp=edp)

    grow(2)
    with django_assert_max_num_queries(40) as small:
        assert client.get(edp.get_absolute_url()).status_code == 200
    grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(edp.get_absolute_url()).status_code == 200
