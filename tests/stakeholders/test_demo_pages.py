"""The demo data drives the real pages: what a person trying `make run` sees."""

from io import StringIO

import pytest
from django.urls import reverse

from core.management.commands.load_demo import DemoContext
from stakeholders import demo


@pytest.fixture
def cast(db):
    ctx = DemoContext(StringIO(), "demo-pass-2026")
    demo.load(ctx)
    return ctx


@pytest.mark.django_db
def test_demo_directory_shows_all_four_helices_and_the_unverified_group(client, cast):
    response = client.get(reverse("stakeholders:directory"), {"region": "pavlodar"})
    counts = {row["helix"]: row["count"] for row in response.context["helix_counts"]}
    assert all(counts[h] >= 2 for h in ("government", "industry", "academia", "civil_society"))
    html = response.content.decode()
    assert "Toraighyrov University" in html and "badge-unverified" in html


@pytest.mark.django_db
def test_demo_tou_representative_sees_the_pending_request(client, cast):
    client.force_login(cast["users"]["tou_rep"])
    html = client.get(reverse("stakeholders:mine")).content.decode()
    assert cast["users"]["evaluator2"].public_name in html
    page = client.get(reverse("stakeholders:detail", args=[cast["orgs"]["tou"].pk]))
    assert list(page.context["pending"]) and 'id="requests-heading"' in page.content.decode()


@pytest.mark.django_db
def test_demo_staff_sign_in_with_the_printed_totp_secret(client, cast):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    staff = cast["users"]["staff"]
    client.post(reverse("account_login"), {"login": staff.email, "password": "demo-pass-2026"})
    code = format_hotp_value(hotp_value(cast["totp_secret"], int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/admin/").status_code == 200
