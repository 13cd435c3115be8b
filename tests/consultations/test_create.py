"""Opening a consultation through the "new consultation" page, end to end:
items typed as sections of a document, candidate specialisations as
sources, keys that are not this process's, form errors next to the fields,
and who may POST."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, ConsultationItem
from evaluations.models import CandidateSpecialisation
from tests.factories.evaluations import CandidateSpecialisationFactory

from .conftest import ROLES

pytestmark = pytest.mark.django_db

SECTIONS = """# 1. Context
Pavlodar Region's economy rests on *aluminium* and energy.
---
## 2. Priorities
- Processing of local aluminium
- Agri-food logistics
---
3. Governance
The steering committee meets every quarter.
"""


def _when(days: int) -> str:
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _data(**overrides) -> dict:
    data = {
        "title": "Draft action plan",
        "introduction": "Tell us what you think of the draft plan.",
        "opens_at": _when(1),
        "closes_at": _when(15),
        "flag_threshold": "3",
        "items": SECTIONS,
    }
    data.update(overrides)
    return data


def _url(edp) -> str:
    return reverse("consultations:create", args=[edp.slug])


def _key(obj) -> str:
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


class _FieldErrors(HTMLParser):
    """Which error texts the form shows inside each field's own block (the
    ``div`` that holds its label and input), by field name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errors: dict[str, list[str]] = {}
        self.top: list[str] = []
        self.invalid: set[str] = set()
        self._stack: list[str | None] = []  # field name of each open div, or None
        self._field: str | None = None
        self._in_error = 0

    def _current(self):
        return next((f for f in reversed(self._stack) if f), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            self._stack.append(None)
        if tag in ("input", "textarea", "select") and attrs.get("name") and self._stack:
            self._stack[-1] = self._stack[-1] or attrs["name"]
            if attrs.get("aria-invalid") == "true":
                self.invalid.add(attrs["name"])
        if tag == "ul" and "errorlist" in (attrs.get("class") or ""):
            self._in_error += 1
            self._field = attrs.get("id", "").removeprefix("id_").removesuffix("_error") or None

    def handle_endtag(self, tag):
        if tag == "div" and self._stack:
            self._stack.pop()
        if tag == "ul" and self._in_error:
            self._in_error -= 1

    def handle_data(self, data):
        if self._in_error and data.strip():
            field = self._field or self._current()
            (self.errors.setdefault(field, []) if field else self.top).append(data.strip())


def _errors(response) -> _FieldErrors:
    parser = _FieldErrors()
    parser.feed(response.content.decode())
    return parser


def test_typed_sections_become_items_in_order(client, edp, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(edp), _data())
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == consultation.get_absolute_url()
    assert (consultation.edp, consultation.created_by, consultation.title) == (edp, coordinator, "Draft action plan")
    assert consultation.state == "scheduled"  # opens tomorrow
    items = list(consultation.items.order_by("position"))
    assert [(i.position, i.title) for i in items] == [(1, "1. Context"), (2, "2. Priorities"), (3, "3. Governance")]
    assert items[0].body == "Pavlodar Region's economy rests on *aluminium* and energy."
    assert items[1].body == "- Processing of local aluminium\n- Agri-food logistics"
    assert all(i.source_id is None for i in items)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "The consultation has been created." in page and "2. Priorities" in page


def test_candidate_specialisations_as_sources_then_typed_items(client, edp, coordinator):
    first, second = CandidateSpecialisationFactory.create_batch(2, edp=edp)
    client.force_login(coordinator)
    form = client.get(_url(edp)).content.decode()
    assert first.title in form and second.title in form and 'name="sources"' in form
    response = client.post(_url(edp), _data(items="Anything else?\nTell us.", sources=[_key(second), _key(first)]))
    assert response.status_code == 302
    items = list(Consultation.objects.get().items.order_by("position"))
    assert [i.title for i in items] == [first.title, second.title, "Anything else?"]  # sources first, in their order
    assert items[0].source == first and items[1].source == second and items[2].source is None
    assert items[0].body == first.description  # a snapshot of the candidate


def test_sources_alone_are_enough(client, edp, coordinator):
    spec = CandidateSpecialisationFactory(edp=edp)
    client.force_login(coordinator)
    assert client.post(_url(edp), _data(items="", sources=[_key(spec)])).status_code == 302
    assert [i.source for i in ConsultationItem.objects.all()] == [spec]


def test_another_edps_candidate_makes_no_item_and_says_why(client, edp, other_edp, coordinator):
    ours = CandidateSpecialisationFactory(edp=edp)
    theirs = CandidateSpecialisationFactory(edp=other_edp, title="Kyzylorda rice")
    client.force_login(coordinator)
    assert "Kyzylorda rice" not in client.get(_url(edp)).content.decode()  # never offered
    response = client.post(_url(edp), _data(sources=[_key(ours), _key(theirs)]))
    assert response.status_code == 200
    errors = _errors(response)
    assert any("Only items of this process can be consulted on" in e for e in errors.errors.get("sources", []))
    assert _key(theirs) in " ".join(errors.errors["sources"])
    assert not Consultation.objects.exists() and not ConsultationItem.objects.exists()  # nothing half-written


def test_another_edps_candidate_refused_when_this_edp_offers_none(client, edp, other_edp, coordinator):
    """No source to choose from (the field is not even shown), and a forged key arrives anyway."""
    theirs = CandidateSpecialisationFactory(edp=other_edp)
    client.force_login(coordinator)
    assert 'name="sources"' not in client.get(_url(edp)).content.decode()
    response = client.post(_url(edp), _data(sources=[_key(theirs)]))
    assert response.status_code == 200
    errors = _errors(response)
    assert any("Only items of this process can be consulted on" in e for e in errors.top), errors.top
    assert not Consultation.objects.exists() and not ConsultationItem.objects.exists()
    assert CandidateSpecialisation.objects.filter(edp=other_edp).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"items": ""}, "items", "Add at least one item to consult on."),
        ({"items": "x" * 201}, "items", "An item's title (its first line) can be at most 200 characters."),
        ({"closes_at": _when(0)}, "closes_at", "The closing date must come after the opening date."),
        ({"opens_at": "not a date"}, "opens_at", "Enter a valid date/time."),
        ({"flag_threshold": "0"}, "flag_threshold", "Ensure this value is greater than or equal to"),
    ],
)
def test_form_errors_are_next_to_their_fields(client, edp, coordinator, overrides, field, message):
    client.force_login(coordinator)
    response = client.post(_url(edp), _data(**overrides))
    assert response.status_code == 200
    errors = _errors(response)
    assert any(message in e for e in errors.errors.get(field, [])), errors.errors
    assert field in errors.invalid  # the input itself is marked invalid for screen readers
    assert not Consultation.objects.exists()
    assert "Draft action plan" in response.content.decode() or field == "title"  # nothing typed is lost


def test_form_errors_in_the_users_language(client, edp, coordinator):
    client.force_login(coordinator)
    client.cookies["django_language"] = "ru"
    response = client.post(_url(edp), _data(items=""))
    errors = _errors(response).errors["items"]
    assert errors and "Add at least one item" not in errors[0]


@pytest.mark.parametrize("role", ROLES)
def test_post_permission_per_role(edp, as_role, role):
    client, _user = as_role(role)
    response = client.post(_url(edp), _data())
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "coordinator":
        assert response.status_code == 302
    else:
        assert response.status_code == 403
        assert "Only coordinators of this process can open a consultation" in response.content.decode()
    assert Consultation.objects.filter(edp=edp).exists() == (role == "coordinator")
    assert Consultation.objects.count() == (1 if role == "coordinator" else 0)


def test_post_refused_before_the_consultation_stage(client, edp, coordinator):
    edp.stage = "evaluation"
    edp.save()
    client.force_login(coordinator)
    assert client.post(_url(edp), _data()).status_code == 403
    assert not Consultation.objects.exists()
