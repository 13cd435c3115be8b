from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import DomainError
from edp import services
from edp.models import Idea, IdeaAttachment
from edp.workflow import Stage
from notifications.models import Notification
from notifications.rendering import render_message_strict
from stakeholders.choices import Helix
from stakeholders.models import Organisation
from tests import uploads_samples as samples
from tests.factories.accounts import UserFactory
from tests.factories.edp import (
    EDPRoleFactory,
    IdeaAttachmentFactory,
    IdeaFactory,
    MeetingFactory,
    RegionalAssetFactory,
)
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

from .conftest import make_edp

pytestmark = pytest.mark.django_db

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def draft(edp, user, **kwargs):
    values = {"title": "Dross to refractories", "summary": "Turn smelter waste into bricks.", "activity": "Recycling"}
    values.update(kwargs)
    return services.idea_save(edp=edp, author=user, **values)


def test_individual_idea_goes_from_draft_to_submitted_to_withdrawn(edp):
    user = UserFactory()
    idea = draft(edp, user)
    assert idea.status == Idea.Status.DRAFT and idea.organisation is None and idea.helix == Helix.CIVIL_SOCIETY
    services.idea_submit(idea=idea, actor=user)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED and idea.submitted_at
    with pytest.raises(DomainError, match="Only a draft"):
        services.idea_submit(idea=idea, actor=user)
    services.idea_withdraw(idea=idea, actor=user)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN
    with pytest.raises(DomainError, match="withdrawn idea"):
        services.idea_save(edp=edp, author=user, idea=idea, title="Again")


def test_submitting_confirms_to_the_submitter_and_tells_the_coordinator_and_co_authors(edp):
    coordinator = EDPRoleFactory(edp=edp, role="coordinator").user
    other_coordinator = EDPRoleFactory(role="coordinator").user
    co_author = UserFactory()
    author = UserFactory()
    idea = draft(edp, author, co_author_emails=[co_author.email.upper()])
    services.idea_submit(idea=idea, actor=author)
    notes = Notification.objects.filter(event__key="edp.idea_submitted")
    assert sorted(notes.values_list("recipient_id", flat=True)) == sorted([author.pk, coordinator.pk, co_author.pk])
    assert not notes.filter(recipient=other_coordinator).exists()
    subjects = {note.recipient_id: render_message_strict(note).subject for note in notes}
    assert subjects[author.pk] == "Your idea “Dross to refractories” was submitted"
    assert subjects[co_author.pk] == "Your idea “Dross to refractories” was submitted"
    assert subjects[coordinator.pk] == "New idea submitted: “Dross to refractories”"
    with translation.override("ru"):
        assert render_message_strict(notes.get(recipient=author)).subject == "Ваша идея «Dross to refractories» подана"


def test_withdrawal_is_refused_once_evaluation_started(edp):
    idea = IdeaFactory(edp=edp, submitted=True)
    edp.stage = Stage.EVALUATION
    edp.save()
    with pytest.raises(DomainError, match="evaluation has started"):
        services.idea_withdraw(idea=idea, actor=idea.submitter)


@pytest.mark.parametrize("stage", [Stage.PREPARATION, Stage.EVALUATION, Stage.CONSULTATION])
def test_no_ideas_outside_foresight(stage):
    edp = make_edp(stage)
    with pytest.raises(DomainError, match="not open"):
        draft(edp, UserFactory())


def test_call_deadline_closes_submission_and_can_be_extended(edp):
    user = UserFactory()
    idea = draft(edp, user)
    services.edp_update(edp=edp, actor=user, ideas_close_at=timezone.now() - timedelta(minutes=1))
    edp.refresh_from_db()
    with pytest.raises(DomainError, match="closed"):
        services.idea_submit(idea=idea, actor=user)
    services.edp_update(edp=edp, actor=user, ideas_close_at=timezone.now() + timedelta(days=7))
    services.idea_submit(idea=idea, actor=user)


def test_on_behalf_of_a_verified_organisation_the_user_belongs_to(edp):
    user = UserFactory()
    university = OrganisationFactory(helix=Helix.ACADEMIA, kind="university")
    MembershipFactory(user=user, organisation=university)
    idea = draft(edp, user, organisation=university)
    assert idea.helix == Helix.ACADEMIA
    with pytest.raises(DomainError) as caught:
        draft(edp, user, organisation=OrganisationFactory())
    assert caught.value.field == "organisation"
    unverified = OrganisationFactory(verification=Organisation.Verification.UNVERIFIED)
    MembershipFactory(user=user, organisation=unverified)
    with pytest.raises(DomainError, match="not verified"):
        draft(edp, user, organisation=unverified)


def test_assets_and_meeting_must_belong_to_this_edp(edp, other_edp):
    user = UserFactory()
    with pytest.raises(DomainError) as caught:
        draft(edp, user, assets=[RegionalAssetFactory(edp=other_edp)])
    assert caught.value.field == "assets"
    with pytest.raises(DomainError) as caught:
        draft(edp, user, meeting=MeetingFactory(edp=other_edp))
    assert caught.value.field == "meeting"
    meeting = MeetingFactory(edp=edp)
    asset = RegionalAssetFactory(edp=edp)
    partner = OrganisationFactory(helix=Helix.ACADEMIA, kind="research_institute")
    idea = draft(edp, user, assets=[asset], meeting=meeting, partners=[partner])
    assert list(idea.assets.all()) == [asset] and idea.meeting == meeting and list(idea.partners.all()) == [partner]


def test_unknown_co_author_is_refused_next_to_the_field(edp):
    with pytest.raises(DomainError) as caught:
        draft(edp, UserFactory(), co_author_emails=["nobody@example.kz"])
    assert caught.value.field == "co_authors"


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_attachments_checked_by_content_and_limited_to_five(client, edp):
    user = UserFactory()
    idea = draft(edp, user)
    client.force_login(user)
    url = reverse("edp:attachment_upload", args=[edp.slug, idea.pk])
    bad = client.post(url, {"file": _upload("cv.pdf", samples.exe())})
    assert bad.status_code == 400
    assert "not an accepted type" in bad.content.decode()
    zipped = client.post(url, {"file": _upload("plan.docx", samples.plain_zip())})
    assert "not a Word (DOCX) or Excel (XLSX) document" in zipped.content.decode()
    assert IdeaAttachment.objects.count() == 0
    for name, data in [
        ("a.pdf", samples.pdf()),
        ("b.png", samples.png()),
        ("c.jpg", samples.jpeg()),
        ("d.docx", samples.docx()),
        ("e.xlsx", samples.xlsx()),
    ]:
        assert client.post(url, {"file": _upload(name, data)}).status_code == 302
    stored = IdeaAttachment.objects.filter(idea=idea)
    assert sorted(stored.values_list("content_type", flat=True))[0] == "application/pdf"
    assert all(a.file.name.startswith("private/ideas/") for a in stored)
    sixth = client.post(url, {"file": _upload("f.pdf", samples.pdf())})
    assert sixth.status_code == 400 and "at most 5 attachments" in sixth.content.decode()
    assert stored.count() == 5


def test_oversize_attachment_is_refused(client, edp, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    user = UserFactory()
    idea = draft(edp, user)
    client.force_login(user)
    response = client.post(
        reverse("edp:attachment_upload", args=[edp.slug, idea.pk]),
        {"file": _upload("big.pdf", samples.pdf() + b"0" * 4096)},
    )
    assert response.status_code == 400 and "the limit is" in response.content.decode()


def test_downloaded_file_is_the_stored_one_with_its_real_type(client, edp):
    attachment = IdeaAttachmentFactory(idea=IdeaFactory(edp=edp, submitted=True))
    client.force_login(attachment.idea.submitter)
    response = client.get(reverse("edp:attachment", args=[edp.slug, attachment.idea.pk, attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == samples.pdf()


def test_attachment_of_another_idea_cannot_be_reached_through_mine(client, edp):
    mine = IdeaFactory(edp=edp)
    theirs = IdeaAttachmentFactory(idea=IdeaFactory(edp=edp, submitted=True))
    client.force_login(mine.submitter)
    url = reverse("edp:attachment", args=[edp.slug, mine.pk, theirs.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_idea_text_is_inert(client, edp, payload):
    idea = IdeaFactory(
        edp=edp,
        submitted=True,
        full_text_public=True,
        title=payload,
        summary=payload,
        activity=payload,
        expected_impact=payload,
    )
    for url in (reverse("edp:ideas", args=[edp.slug]), idea.get_absolute_url()):
        body = client.get(url).content.decode()
        assert payload not in body
        assert "&lt;" in body


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_meeting_minutes_and_swot_is_inert(client, edp, payload):
    meeting = MeetingFactory(edp=edp, title=payload, starts_at=timezone.now() - timedelta(days=1))
    services.minutes_publish(meeting=meeting, actor=None, minutes=payload, decisions=payload)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert payload not in body


def test_public_ideas_list_queries_do_not_grow(client, edp, django_assert_max_num_queries):
    url = reverse("edp:ideas", args=[edp.slug])
    for _ in range(3):
        IdeaFactory(edp=edp, submitted=True, organisation=OrganisationFactory())
    with django_assert_max_num_queries(6):
        client.get(url)
    for _ in range(27):
        IdeaFactory(edp=edp, submitted=True, organisation=OrganisationFactory())
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_coordinator_ideas_list_and_export_queries_do_not_grow(client_as, edp, django_assert_max_num_queries):
    client = client_as("coordinator")
    url = reverse("edp:idea_manage", args=[edp.slug])
    export = reverse("edp:idea_export", args=[edp.slug, "xlsx"])

    def add(n):
        asset = RegionalAssetFactory(edp=edp)
        for _ in range(n):
            idea = IdeaFactory(edp=edp, submitted=True, assets=[asset], partners=[OrganisationFactory()])
            IdeaAttachmentFactory(idea=idea)

    add(3)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(25):
        client.get(export)
    add(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(25):
        client.get(export)


def test_coordinator_filters(client_as, edp):
    client = client_as("coordinator")
    knowledge = RegionalAssetFactory(edp=edp, dimension="knowledge")
    uni = OrganisationFactory(helix=Helix.ACADEMIA, kind="university", name="Toraighyrov University")
    a = IdeaFactory(
        edp=edp,
        submitted=True,
        helix=Helix.ACADEMIA,
        organisation=uni,
        assets=[knowledge],
        title="Hydrogen from hydropower",
    )
    b = IdeaFactory(edp=edp, submitted=True, helix=Helix.INDUSTRY, title="Cold chain for dairy")
    IdeaFactory(edp=edp, status=Idea.Status.WITHDRAWN, title="Withdrawn thing")
    IdeaFactory(edp=edp, title="Secret draft")
    url = reverse("edp:idea_manage", args=[edp.slug])

    def titles(**params):
        body = client.get(url, params).content.decode()
        return {
            t
            for t in ("Hydrogen from hydropower", "Cold chain for dairy", "Withdrawn thing", "Secret draft")
            if t in body
        }

    assert titles() == {a.title, b.title, "Withdrawn thing"}
    assert titles(q="hydrogen") == {a.title}
    assert titles(helix="industry") == {b.title}
    assert titles(organisation=uni.pk) == {a.title}
    assert titles(dimension="knowledge") == {a.title}
    assert titles(status="withdrawn") == {"Withdrawn thing"}


def test_csv_export_neutralises_formulas(client_as, edp):
    IdeaFactory(edp=edp, submitted=True, title='=HYPERLINK("http://evil")')
    response = client_as("coordinator").get(reverse("edp:idea_export", args=[edp.slug, "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_idea_form_end_to_end(client, edp):
    user = UserFactory()
    client.force_login(user)
    asset = RegionalAssetFactory(edp=edp)
    response = client.post(
        reverse("edp:idea_create", args=[edp.slug]),
        {
            "title": "Smart grid lab",
            "summary": "A lab.",
            "activity": "Testing grid software",
            "assets": [asset.pk],
            "submit": "1",
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.get(title="Smart grid lab")
    assert idea.status == Idea.Status.SUBMITTED and list(idea.assets.all()) == [asset]
    missing = client.post(reverse("edp:idea_create", args=[edp.slug]), {"title": "", "summary": ""})
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
