import io

import pytest
from django.core.management import call_command

from edp.models import EDP, Idea, Meeting, MeetingRegistration, RegionalAsset
from edp.workflow import Stage


@pytest.mark.django_db
def test_demo_builds_the_pavlodar_edp_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    counts = (EDP.objects.count(), Idea.objects.count(), Meeting.objects.count(), MeetingRegistration.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        EDP.objects.count(),
        Idea.objects.count(),
        Meeting.objects.count(),
        MeetingRegistration.objects.count(),
    ) == counts
    edp = EDP.objects.get(slug="pavlodar-2026")
    assert edp.title == "Pavlodar smart specialisation 2026–2030" and edp.stage == Stage.FORESIGHT
    assert Meeting.objects.filter(edp=edp).count() == 5
    assert MeetingRegistration.objects.filter(meeting__edp=edp, attended=True).count() > 20
    submitted = Idea.objects.filter(edp=edp, status="submitted")
    assert submitted.count() >= 24
    assert set(submitted.values_list("helix", flat=True)) == {"government", "industry", "academia", "civil_society"}
    assert set(RegionalAsset.objects.filter(edp=edp).values_list("dimension", flat=True)) == {
        "economic",
        "geographic",
        "institutional",
        "cultural",
        "knowledge",
        "infrastructure",
    }
    assert edp.roles.filter(role="evaluator").count() == 6
