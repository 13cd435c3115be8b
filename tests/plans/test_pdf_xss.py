"""The HTML the plan PDF is rendered from carries user text inert: titles
and names escaped, Markdown (vision, descriptions) sanitised. Checked on the
very string handed to WeasyPrint, and on the printable page that shares its
template."""

import pytest
import weasyprint
from django.urls import reverse

from tests.factories.plans import ActionFactory, IndicatorFactory

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
LINK = "[click me](javascript:alert(1))"


@pytest.fixture
def evil_plan(world):
    plan, objective = world["plan"], world["objective"]
    plan.title = f"Plan {SCRIPT}{SVG}"
    plan.vision = f"Vision text {SCRIPT} {IMG} {LINK}"
    plan.save()
    ActionFactory(objective=objective, title=f"Action {SVG}", description=f"Action text {SCRIPT} {IMG} {LINK}")
    IndicatorFactory(objective=objective, name=f"Indicator {SCRIPT}{IMG}", unit=f"t {SVG}")
    action_indicator_host = world["action"]
    IndicatorFactory(objective=None, action=action_indicator_host, plan=plan, name=f"Action indicator {IMG}{SVG}")
    return plan


def _assert_inert(html: str) -> None:
    assert "<script" not in html  # the print template has no script of its own
    assert "<img src=x" not in html and "<svg" not in html
    assert 'href="javascript:' not in html and "href='javascript:" not in html
    # Plain-text fields are escaped, not dropped ...
    assert "Plan &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;svg onload=alert(1)&gt;" in html
    assert "Indicator &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Action indicator &lt;img src=x onerror=alert(1)&gt;" in html
    assert "Action &quot;&gt;&lt;svg onload=alert(1)&gt;" in html
    # ... and Markdown keeps its text without the markup.
    assert "Vision text" in html and "Action text" in html and "click me" in html


def test_the_pdf_is_rendered_from_inert_html(client, world, evil_plan, monkeypatch):
    rendered = []
    real_html = weasyprint.HTML

    def recording_html(*args, **kwargs):
        rendered.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording_html)
    client.force_login(world["users"]["coordinator"])
    response = client.get(reverse("plans:pdf", args=[evil_plan.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(rendered) == 1
    _assert_inert(rendered[0])


def test_the_printable_page_is_inert_too(client, world, evil_plan):
    client.force_login(world["users"]["coordinator"])
    response = client.get(reverse("plans:print", args=[evil_plan.pk]))
    assert response.status_code == 200
    _assert_inert(response.content.decode())
