import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from accounts.models import User
from stakeholders.choices import Helix
from stakeholders.models import Membership, Organisation


@pytest.mark.django_db
def test_load_demo_twice_is_idempotent_and_builds_the_cast():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    history = Organisation.history.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts
    assert Organisation.history.count() == history

    assert set(Organisation.objects.values_list("helix", flat=True)) == set(Helix.values)
    tou = Organisation.objects.get(name_en="Toraighyrov University")
    assert tou.name_kk == "Торайғыров университеті" and tou.name_ru == "Торайгыров университет"
    # The untranslated column (used by the unique-name constraint) holds the default language.
    assert Organisation.objects.filter(pk=tou.pk).values_list("name", flat=True).get() == "Toraighyrov University"
    rep = User.objects.get(email="tou_rep@demo.edp.kz")
    assert Membership.objects.filter(user=rep, organisation=tou, role="representative", status="active").exists()
    for key in ["staff", "coordinator", "coordinator_kyzylorda"]:
        user = User.objects.get(email=f"{key}@demo.edp.kz")
        assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert not EmailAddress.objects.filter(email__endswith="@demo.edp.kz", verified=False).exists()
    for n in range(1, 9):
        assert not Membership.objects.filter(user__email=f"citizen{n}@demo.edp.kz").exists()


@pytest.mark.django_db
def test_demo_ctx_keys_other_apps_rely_on():
    from io import StringIO

    from core.management.commands.load_demo import DemoContext
    from stakeholders import demo

    ctx = DemoContext(StringIO(), "pw-for-demo-123")
    demo.load(ctx)
    assert ctx["region"].code == "pavlodar" and ctx["region2"].code == "kyzylorda"
    for key in [
        "akimat",
        "akimat_kyzylorda",
        "industry_dept",
        "public_council",
        "tou",
        "ppu",
        "research_institute",
        "technopark",
        "aluminium",
        "sme_agro",
        "sme_it",
        "chamber",
        "ngo_eco",
        "community",
    ]:
        assert ctx["orgs"][key].pk
    expected = (
        {
            "staff",
            "coordinator",
            "coordinator_kyzylorda",
            "facilitator",
            "moderator",
            "researcher",
            "tou_rep",
            "entrepreneur",
        }
        | {f"evaluator{i}" for i in range(1, 7)}
        | {f"citizen{i}" for i in range(1, 9)}
    )
    assert expected <= set(ctx["users"])
    assert ctx["users"]["staff"].check_password("pw-for-demo-123")
    assert ctx["totp_secret"]
