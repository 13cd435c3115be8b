"""The ru and kk catalogues are complete for every string the code marks.

English is the source language. A string added without its translations
fails here, so the Kazakh and Russian UI never fall back to English silently.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["ru", "kk"]


def _problems(po: Path) -> str:
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    # The header entry (msgid "") is always listed; anything beyond it is a problem.
    entries = [
        block
        for block in (untranslated + "\n\n" + fuzzy).split("\n\n")
        if "msgid" in block and 'msgid ""\nmsgstr ""\n"' not in block
    ]
    return "\n\n".join(entries)


def catalogues(root: Path, lang: str) -> list[Path]:
    """The project's catalogue and every app's own (a new app keeps its
    strings in ``<app>/locale/``, so parallel work does not collide)."""
    found = [root / "locale" / lang / "LC_MESSAGES" / "django.po"]
    found += sorted(
        p
        for p in root.glob(f"*/locale/{lang}/LC_MESSAGES/django.po")
        if p.parts[-5] not in {"locale_thirdparty", ".venv", "staticfiles"}
    )
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(lang):
    for po in catalogues(ROOT, lang):
        assert _problems(po) == "", po
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


@pytest.mark.xdist_group("makemessages")
def test_catalogues_cover_every_marked_string(tmp_path):
    """Extract strings from a copy of the tree (so the real catalogues are not
    touched) and check that nothing new appears."""
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "staticfiles", "media", "test-artifacts", "node_modules", "__pycache__", "*.mo", "db.sqlite3"
    )
    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=False)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *[f"-l{lang}" for lang in LANGS],
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=bench",
            "--ignore=tests",
            "--ignore=locale_thirdparty",
            "--no-obsolete",
            "--no-location",
            "--no-wrap",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        for po in catalogues(copy, lang):
            assert _problems(po) == "", f"run `make messages` and translate the new {lang} strings in {po}"
