"""Coordinators edit items while the consultation is scheduled; afterwards
the text people react to is frozen and the page says why."""

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import ConsultationItem
from core.errors import DomainError
from tests.factories.consultations import ItemFactory

from .conftest import ROLES, consultation_in

pytestmark = pytest.mark.django_db

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def _post(client, item, **overrides):
    data = {"title": "Renewable hydrogen", "body": "Electrolysers on *wind* power.", "position": 3}
    data.update(overrides)
    return client.post(reverse("consultations:item_edit", args=[item.pk]), data)


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_of_this_edp_edit_a_scheduled_item(edp, as_role, role):
    item = ItemFactory(consultation=consultation_in("scheduled", edp), title="Before")
    client, _user = as_role(role)
    url = reverse("consultations:item_edit", args=[item.pk])
    page, response = client.get(url), _post(client, item)
    item.refresh_from_db()
    if role == "anonymous":
        assert page.status_code == response.status_code == 302 and "/accounts/login/" in page["Location"]
    elif role == "coordinator":
        assert page.status_code == 200 and "Position in the list" in page.content.decode()
        assert response.status_code == 302
        assert (item.title, item.body, item.position) == ("Renewable hydrogen", "Electrolysers on *wind* power.", 3)
    else:
        assert page.status_code == response.status_code == 403
        assert "Only coordinators of this process can edit its items." in response.content.decode()
    if role != "coordinator":
        assert item.title == "Before"


@pytest.mark.parametrize("state", ["open", "closed", "published"])
def test_once_open_coordinators_are_refused_with_the_reason(edp, as_role, state):
    item = ItemFactory(consultation=consultation_in(state, edp), title="Before")
    client, _user = as_role("coordinator")
    response = _post(client, item)
    assert response.status_code == 403
    text = response.content.decode()
    assert ("people are already reading its items" if state == "open" else "part of the record") in text
    item.refresh_from_db()
    assert item.title == "Before"
    # The consultation page offers no edit link and says why instead.
    detail = client.get(reverse("consultations:detail", args=[item.consultation_id])).content.decode()
    assert reverse("consultations:item_edit", args=[item.pk]) not in detail
    assert "can no longer change" in detail


def test_the_service_refuses_too(edp, coordinator):
    item = ItemFactory(consultation=consultation_in("open", edp))
    with pytest.raises(DomainError, match="can no longer change"):
        services.item_update(item=item, actor=coordinator, title="New", body="", position=1)


def test_scheduled_consultation_page_links_to_the_edit_form(edp, as_role):
    item = ItemFactory(consultation=consultation_in("scheduled", edp))
    client, _user = as_role("coordinator")
    detail = client.get(reverse("consultations:detail", args=[item.consultation_id])).content.decode()
    assert reverse("consultations:item_edit", args=[item.pk]) in detail


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"position": 0}, "position", "greater than or equal to 1"),
        ({"position": "first"}, "position", "Enter a whole number."),
    ],
)
def test_form_errors_stand_next_to_their_field(edp, as_role, data, field, message):
    item = ItemFactory(consultation=consultation_in("scheduled", edp), title="Before")
    client, _user = as_role("coordinator")
    response = _post(client, item, **data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    # Rendered with the field, and tied to it for screen readers.
    assert f'id="id_{field}_error"' in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Before"


def test_blank_title_is_refused_by_the_service(edp, coordinator):
    item = ItemFactory(consultation=consultation_in("scheduled", edp))
    with pytest.raises(DomainError, match="Give the item a title") as refused:
        services.item_update(item=item, actor=coordinator, title="   ", body="", position=1)
    assert refused.value.field == "title"


def test_edits_are_kept_in_the_history_with_who_made_them(edp, as_role):
    item = ItemFactory(consultation=consultation_in("scheduled", edp), title="First wording")
    client, coordinator = as_role("coordinator")
    _post(client, item, title="Second wording")
    _post(client, item, title="Third wording", position=1)
    versions = list(ConsultationItem.history.filter(id=item.pk).order_by("history_date", "history_id"))
    assert [v.title for v in versions] == ["First wording", "Second wording", "Third wording"]
    assert [v.position for v in versions][-1] == 1
    assert {v.history_user_id for v in versions[1:]} == {coordinator.pk}
    page = client.get(reverse("consultations:item_edit", args=[item.pk])).content.decode()
    assert "Changes to this item" in page and "Second wording" in page


def test_items_created_by_the_service_start_their_history(edp, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    consultation = services.consultation_create(
        edp=edp,
        actor=coordinator,
        title="Spring consultation",
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=8),
        items=[services.ItemSpec(title="Tourism"), services.ItemSpec(title="Agri-food")],
    )
    history = ConsultationItem.history.filter(consultation_id=consultation.pk)
    assert sorted(history.values_list("title", flat=True)) == ["Agri-food", "Tourism"]
    assert set(history.values_list("history_user_id", flat=True)) == {coordinator.pk}


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_edited_items_is_inert(edp, as_role, payload):
    item = ItemFactory(consultation=consultation_in("scheduled", edp))
    client, _user = as_role("coordinator")
    assert _post(client, item, title=f"Title {payload}", body=f"Body {payload}").status_code == 302
    for url in (
        reverse("consultations:item", args=[item.pk]),
        reverse("consultations:detail", args=[item.consultation_id]),
        reverse("consultations:item_edit", args=[item.pk]),
    ):
        html = client.get(url).content.decode()
        assert payload not in html, url
        assert "<script>alert" not in html and "<img src=x" not in html, url
