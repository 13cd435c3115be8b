"""The home page is made of what the modules declare (``Module.home``), in
their order; the portal knows none of them by name."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core import modules
from tests.factories.consultations import ConsultationFactory
from tests.factories.edp import EDPFactory

pytestmark = pytest.mark.django_db

PORTAL = Path(settings.BASE_DIR) / "portal"
OUR_APPS = {"accounts", "stakeholders", "edp", "evaluations", "consultations", "priorities", "plans", "notifications"}


def test_the_portal_imports_no_module():
    for source in PORTAL.glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in OUR_APPS, f"{source.name} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in OUR_APPS, f"{source.name} imports {alias.name}"


def test_the_home_page_shows_the_declared_blocks_in_their_order(client):
    edp = EDPFactory(title="Pavlodar smart specialisation")
    consultation = ConsultationFactory(edp=edp, title="Have your say on metals")
    html = client.get(reverse("home")).content.decode()
    consult, processes, pilots = (
        html.index(consultation.title),
        html.index(edp.title),
        html.index('id="pilots-heading"'),
    )
    assert consult < processes < pilots
    assert [type(block).__name__ for block in modules.home_blocks(None)] == ["HomeBlock"] * 3


def test_a_module_with_nothing_to_show_adds_no_block(client):
    html = client.get(reverse("home")).content.decode()
    assert 'id="consult-heading"' not in html and 'id="processes-heading"' not in html
    assert 'id="pilots-heading"' in html


def test_the_main_navigation_comes_from_the_modules(client, user):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("edp:list")}"' in html and f'href="{reverse("stakeholders:directory")}"' in html
    assert f'href="{reverse("stakeholders:mine")}"' not in html  # for signed-in people only
    client.force_login(user)
    assert f'href="{reverse("stakeholders:mine")}"' in client.get(reverse("home")).content.decode()
