"""Every data table scrolls inside its own box on a phone instead of
widening the whole page (checked at 390 px in kk and ru: the helix, plan and
dashboard tables pushed pages to 440–680 px). Emails lay out with tables of
their own and allauth's element template wraps itself."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SKIP = ("notifications/email/", "allauth/")


def unwrapped_tables() -> list[str]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(SKIP):
            continue
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            before = text[: match.start()]
            opened = before.rfind('<div class="table-responsive">')
            if opened < 0 or "</div>" in before[opened:]:
                found.append(f"{name}:{before.count(chr(10)) + 1}")
    return found


def test_every_table_is_wrapped_to_scroll_on_a_phone():
    assert unwrapped_tables() == []
