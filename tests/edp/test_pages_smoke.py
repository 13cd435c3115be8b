"""Every page renders for the people who use it (templates, urls, contexts)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from edp.models import MeetingRegistration
from tests.factories.edp import (
    IdeaAttachmentFactory,
    IdeaFactory,
    MeetingFactory,
    MeetingRegistrationFactory,
    RegionalAssetFactory,
    RegionFactFactory,
    SWOTEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(edp, cast):
    asset = RegionalAssetFactory(edp=edp)
    past = MeetingFactory(edp=edp, starts_at=timezone.now() - timedelta(days=2), facilitator=cast["facilitator"])
    MeetingRegistrationFactory(meeting=past, attended=True)
    future = MeetingFactory(edp=edp)
    idea = IdeaFactory(edp=edp, submitted=True, assets=[asset], full_text_public=True)
    IdeaAttachmentFactory(idea=idea)
    SWOTEntryFactory(edp=edp)
    RegionFactFactory(region=edp.region)
    return {"asset": asset, "past": past, "future": future, "idea": idea}


def test_coordinator_sees_every_page(client_as, edp, world):
    client = client_as("coordinator")
    s = edp.slug
    urls = [
        reverse("edp:list"),
        reverse("edp:create"),
        reverse("edp:detail", args=[s]),
        reverse("edp:settings", args=[s]),
        reverse("edp:roles", args=[s]),
        reverse("edp:assets", args=[s]),
        reverse("edp:asset_create", args=[s]),
        reverse("edp:asset_edit", args=[s, world["asset"].pk]),
        reverse("edp:swot", args=[s]),
        reverse("edp:facts", args=[s]),
        reverse("edp:meetings", args=[s]),
        reverse("edp:meetings", args=[s]) + "?show=past",
        reverse("edp:meeting_create", args=[s]),
        reverse("edp:meeting", args=[s, world["past"].pk]),
        reverse("edp:meeting_edit", args=[s, world["future"].pk]),
        reverse("edp:meeting_cancel", args=[s, world["future"].pk]),
        reverse("edp:meeting_attendance", args=[s, world["past"].pk]),
        reverse("edp:meeting_minutes", args=[s, world["past"].pk]),
        reverse("edp:ideas", args=[s]),
        reverse("edp:idea_manage", args=[s]),
        reverse("edp:idea", args=[s, world["idea"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        if url != reverse("edp:create"):
            assert response.status_code == 200, url


def test_calendar_and_exports_download(client_as, edp, world):
    client = client_as("coordinator")
    ics = client.get(reverse("edp:meeting_calendar", args=[edp.slug, world["future"].pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "BEGIN:VEVENT" in body and world["future"].title in body
    csv_response = client.get(reverse("edp:idea_export", args=[edp.slug, "csv"]))
    assert world["idea"].title in b"".join(csv_response.streaming_content).decode("utf-8-sig")
    xlsx = client.get(reverse("edp:idea_export", args=[edp.slug, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("edp:idea_export", args=[edp.slug, "exe"])).status_code == 404


def test_registration_statuses(world):
    assert MeetingRegistration.objects.filter(attended=True).count() == 1
