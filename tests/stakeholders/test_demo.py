import pytest


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
