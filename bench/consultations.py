"""Consultation pages against a bare Django page, in the same run.

Targets (developers' guide): an item page with 10,000 comments answers
within 4x of a bare Django view's time; a stance POST within 3x. Run it with
``make bench`` or ``python bench/consultations.py [comments] [requests]``.

It creates a throw-away test database (PostgreSQL when ``DATABASE_URL``
points at it, which is what the numbers are meant for; SQLite otherwise), an
open consultation whose item has N comments (a quarter with a reply, helpful
marks spread over them) and a second item with 10, then times, as a signed-in
verified resident through the whole middleware stack (sessions, CSRF, auth,
CSP, allauth, htmx):

- ``bare_get``: a view rendering the base layout with a heading (a page that
  reads nothing);
- ``item_page``: the item page with N comments (first batch, newest first),
  and with "most helpful" order;
- ``item_page_small``: the item page of the 10-comment item (same query count);
- ``bare_post``: a view that accepts a CSRF-checked POST and redirects;
- ``stance_post``: taking / changing a stance (alternating positions, so
  every request writes).

Each page is timed alternately with its bare counterpart (bare, real, bare,
real...), R pairs after a warm-up, so that the load of a shared machine
falls on both alike; a ratio is the median of the per-pair ratios. Results
are printed and written to ``bench/results/consultations.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

ITEM_PAGE_TARGET = 4.0
STANCE_TARGET = 3.0


def _bench_urls():
    """The project's URLs plus the two bare views (a module built at run time)."""
    import types

    from django.http import HttpResponseRedirect
    from django.template import engines
    from django.urls import include, path
    from django.views.decorators.http import require_GET, require_POST

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>Bare page</h1>{% endblock %}'
    )

    @require_GET
    def bare_get(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    @require_POST
    def bare_post(request):
        return HttpResponseRedirect("/bench/bare/")

    module = types.ModuleType("bench_consultations_urls")
    module.urlpatterns = [
        path("bench/bare/", bare_get),
        path("bench/bare-post/", bare_post),
        path("", include("config.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def build(n_comments: int):
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from accounts.models import User
    from consultations.models import Comment, Consultation, ConsultationItem, HelpfulMark
    from consultations.services import consultation_recount
    from core.markdown import render_markdown
    from edp.models import EDP
    from stakeholders.models import Organisation, Region

    region = Region.objects.get(code="pavlodar")
    owner = Organisation.objects.create(name="Akimat (bench)", helix="government", kind="akimat", region=region)
    edp = EDP.objects.create(
        region=region,
        owner=owner,
        title="Bench EDP",
        slug="bench",
        period_start=2026,
        period_end=2030,
        stage="consultation",
    )
    now = timezone.now()
    consultation = Consultation.objects.create(
        edp=edp, title="Bench consultation", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30)
    )
    big = ConsultationItem.objects.create(consultation=consultation, position=1, title="Big item", body="Text")
    small = ConsultationItem.objects.create(consultation=consultation, position=2, title="Small item", body="Text")
    authors = User.objects.bulk_create(
        [
            User(email=f"author{i}@bench.edp.kz", password="!", region=region, display_name=f"Author {i}")
            for i in range(200)
        ]
    )
    body = "I *support* this, with a list:\n\n- training\n- orders for SMEs"
    html = str(render_markdown(body))

    def comments(item, n):
        rows = [
            Comment(
                item=item,
                author=authors[i % len(authors)],
                body=body,
                body_html=html,
                author_helix="civil_society",
                author_region=region,
            )
            for i in range(n)
        ]
        tops = Comment.objects.bulk_create(rows, batch_size=2000)
        replies = [
            Comment(
                item=item,
                parent=top,
                author=authors[(i + 7) % len(authors)],
                body="Agreed.",
                body_html="<p>Agreed.</p>",
                author_helix="industry",
                author_region=region,
            )
            for i, top in enumerate(tops)
            if i % 4 == 0
        ]
        Comment.objects.bulk_create(replies, batch_size=2000)
        marks = [
            HelpfulMark(comment=top, user=authors[(i * 13) % len(authors)]) for i, top in enumerate(tops) if i % 3 == 0
        ]
        HelpfulMark.objects.bulk_create(marks, batch_size=2000, ignore_conflicts=True)

    comments(big, n_comments)
    comments(small, 10)
    consultation_recount(consultation=consultation)
    reader = User.objects.create_user("reader@bench.edp.kz", region=region, display_name="Reader")
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    return big, small, reader


def _one(client, method: str, url: str, data=None) -> None:
    response = client.get(url) if method == "get" else client.post(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)


def _queries(client, method: str, url: str, data=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        _one(client, method, url, data)
    return len(ctx.captured_queries)


def timed_pair(client, method: str, bare_url: str, url: str, requests: int, data_for=None):
    """Time the bare view and the real one alternately (bare, real, bare,
    real...), so that the load of a shared machine falls on both alike, and
    return (bare median, real median, bare queries, real queries, median of
    the per-pair ratios)."""

    def data(i):
        return data_for(i) if data_for else None

    for i in range(5):
        _one(client, method, bare_url)
        _one(client, method, url, data(i))
    bare, real, ratios = [], [], []
    for i in range(requests):
        started = time.perf_counter()
        _one(client, method, bare_url)
        middle = time.perf_counter()
        _one(client, method, url, data(i))
        ended = time.perf_counter()
        bare.append(middle - started)
        real.append(ended - middle)
        ratios.append((ended - middle) / (middle - started))
    return (
        statistics.median(bare),
        statistics.median(real),
        _queries(client, method, bare_url),
        _queries(client, method, url, data(requests)),
        statistics.median(ratios),
    )


def measure(n_comments: int, requests: int) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    started = time.perf_counter()
    big, small, reader = build(n_comments)
    setup_seconds = time.perf_counter() - started

    with override_settings(ROOT_URLCONF=_bench_urls()):
        # enforce_csrf_checks: the POSTs pay for the CSRF check, as in production.
        client = Client(enforce_csrf_checks=True)
        client.force_login(reader)
        client.get("/bench/bare/")
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        headers = {"HTTP_X_CSRFTOKEN": token}

        class CsrfClient:
            def get(self, url):
                return client.get(url)

            def post(self, url, data):
                return client.post(url, data, **headers)

        c = CsrfClient()
        item_url = reverse("consultations:item", args=[big.pk])
        positions = ["support", "oppose", "neutral"]
        measures = {
            "item_page": ("get", "/bench/bare/", item_url, None),
            "item_page_helpful": ("get", "/bench/bare/", item_url + "?sort=helpful", None),
            "item_page_small": ("get", "/bench/bare/", reverse("consultations:item", args=[small.pk]), None),
            "stance_post": (
                "post",
                "/bench/bare-post/",
                reverse("consultations:stance", args=[big.pk]),
                lambda i: {"position": positions[i % 3]},
            ),
        }
        timings, queries, ratios = {}, {}, {}
        for name, (method, bare_url, url, data_for) in measures.items():
            bare_s, real_s, bare_q, real_q, ratio = timed_pair(c, method, bare_url, url, requests, data_for)
            bare_name = "bare_get" if method == "get" else "bare_post"
            timings.setdefault(bare_name, []).append(bare_s)
            queries[bare_name] = bare_q
            timings[name], queries[name], ratios[name] = real_s, real_q, ratio

    timings["bare_get"] = statistics.median(timings["bare_get"])
    timings["bare_post"] = statistics.median(timings["bare_post"])
    item_ratio = ratios["item_page"]
    helpful_ratio = ratios["item_page_helpful"]
    stance_ratio = ratios["stance_post"]
    return {
        "database": connection.vendor,
        "comments": n_comments,
        "requests_per_measure": requests,
        "setup_seconds": round(setup_seconds, 2),
        "timings_ms": {k: round(v * 1000, 2) for k, v in timings.items()},
        "queries": queries,
        "item_page_ratio": round(item_ratio, 2),
        "item_page_helpful_ratio": round(helpful_ratio, 2),
        "stance_post_ratio": round(stance_ratio, 2),
        "item_page_target": ITEM_PAGE_TARGET,
        "stance_post_target": STANCE_TARGET,
        "item_page_within_target": max(item_ratio, helpful_ratio) <= ITEM_PAGE_TARGET,
        "stance_post_within_target": stance_ratio <= STANCE_TARGET,
        "same_queries_10_vs_n": queries["item_page"] == queries["item_page_small"],
    }


def run(n_comments: int, requests: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    # No setup_test_environment(): it instruments every template render
    # (signals, context copies) and would make template-heavy pages look slow.
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return measure(n_comments, requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 10_000
    requests = int(argv[1]) if len(argv) > 1 else 60
    r = run(n, requests)
    t, q = r["timings_ms"], r["queries"]
    print(f"Consultation pages on {r['database']}, {r['comments']:,} comments on the item (median of {requests}):")
    for key in ("bare_get", "item_page", "item_page_helpful", "item_page_small", "bare_post", "stance_post"):
        print(f"  {key:<18} {t[key]:8.2f} ms  {q[key]:3d} queries")
    print(
        f"  item page / bare page: {r['item_page_ratio']:.2f}x (most helpful: {r['item_page_helpful_ratio']:.2f}x), "
        f"target {ITEM_PAGE_TARGET:.0f}x: {'met' if r['item_page_within_target'] else 'MISSED'}"
    )
    print(
        f"  stance POST / bare POST: {r['stance_post_ratio']:.2f}x, target {STANCE_TARGET:.0f}x: "
        f"{'met' if r['stance_post_within_target'] else 'MISSED'}"
    )
    print(f"  same number of queries with 10 and {r['comments']:,} comments: {r['same_queries_10_vs_n']}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "consultations.json").write_text(json.dumps(r, indent=2))
    return r


if __name__ == "__main__":
    main()
