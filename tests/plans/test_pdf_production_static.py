"""The plan PDF under production's static storage: hashed file names from a
manifest (issue 13, item 2: it was a 500 there while the test settings, which
do not hash names, passed)."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from plans import exports
from tests.plans.conftest import adopt

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


@pytest.fixture
def hashed_static(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path / "static", STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path / "static"


def test_plan_pdf_renders_with_hashed_static_names(world, as_role, hashed_static, monkeypatch):
    adopt(world["plan"], when=timezone.now())
    served = []
    real = exports._static_response

    def recording(url):
        response = real(url)
        served.append(url)
        return response

    monkeypatch.setattr(exports, "_static_response", recording)
    r = as_role("citizen").get(reverse("plans:pdf", args=[world["plan"].pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    # The stylesheet was asked for by its hashed name and served from disk.
    assert len(served) == 1 and "/static/css/plans-print." in served[0]
    assert not served[0].endswith("/plans-print.css")


def test_the_fetcher_refuses_anything_but_our_static_files(db):
    for url in [
        "http://example.com/x.css",
        "file:///etc/passwd",
        "http://testserver/static/../settings.py",
        "http://testserver/static/css/missing.css",
    ]:
        with pytest.raises(ValueError):
            exports._static_response(url)
