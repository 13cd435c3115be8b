"""Pages render, keep their query counts flat, and render user text inert."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Comment, ConsultationItem, HelpfulMark
from core.markdown import render_markdown
from tests.factories.accounts import UserFactory
from tests.factories.consultations import CommentFactory

pytestmark = pytest.mark.django_db

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def _comments(item, n, *, with_replies=True):
    authors = [UserFactory() for _ in range(3)]
    tops = CommentFactory.create_batch(n, item=item, author=authors[0])
    if with_replies:
        for top in tops:
            CommentFactory(item=item, parent=top, author=authors[1])
    HelpfulMark.objects.bulk_create([HelpfulMark(comment=c, user=authors[2]) for c in tops])
    return tops


def _bulk_comments(item, n):
    """``n`` top-level comments, each with a reply and a helpful mark, in a
    handful of INSERTs (a few hundred comments stay fast to set up); the
    counters are kept true as the services would."""
    authors = [UserFactory() for _ in range(3)]
    now = timezone.now()

    def comment(author, i, **kwargs):
        body = f"Bulk comment {i} with **bold** text."
        return Comment(
            item=item,
            author=author,
            body=body,
            body_html=str(render_markdown(body)),
            author_helix=author.effective_helix,
            author_region=author.region,
            helpful_count=i % 7,
            **kwargs,
        )

    tops = Comment.objects.bulk_create([comment(authors[0], i) for i in range(n)])
    # auto_now_add gives one instant to a whole batch: spread them so "newest" means something
    for i, top in enumerate(tops):
        top.created_at = now - timedelta(seconds=n - i)
    Comment.objects.bulk_update(tops, ["created_at"], batch_size=500)
    Comment.objects.bulk_create([comment(authors[1], i, parent=top) for i, top in enumerate(tops)])
    HelpfulMark.objects.bulk_create([HelpfulMark(comment=c, user=authors[2]) for c in tops])
    Comment.objects.filter(pk__in=[c.pk for c in tops]).update(reply_count=F("reply_count") + 1)
    ConsultationItem.objects.filter(pk=item.pk).update(comment_count=F("comment_count") + 2 * n)
    return tops


@pytest.mark.parametrize("sort", ["newest", "helpful"])
def test_item_page_query_count_does_not_grow_with_comments(client, item, resident, django_assert_max_num_queries, sort):
    client.force_login(resident)
    url = reverse("consultations:item", args=[item.pk]) + f"?sort={sort}"
    _comments(item, 3)
    # Session, user, roles, unread notifications; the item with everything
    # about the reader; the comments with their replies and marks.
    with django_assert_max_num_queries(6) as small:
        assert client.get(url).status_code == 200
    _bulk_comments(item, 400)  # 800 comments more
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Load more comments" in html
    assert html.count('class="comment ') == 20 + 20  # one batch: 20 threads, each with its reply
    assert "806 comments" in html


def test_comment_batch_query_count_does_not_grow(client, item, django_assert_max_num_queries):
    url = reverse("consultations:item_comments", args=[item.pk]) + "?offset=20"
    _comments(item, 25)
    with django_assert_max_num_queries(3) as small:
        client.get(url)
    _bulk_comments(item, 400)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="comment ') == 20 + 20  # 20 threads, each with a reply
    deep = reverse("consultations:item_comments", args=[item.pk]) + "?offset=400"
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(deep)
    assert response.content.decode().count('class="comment ') == 20 + 20


def test_comment_batches_page_through_all_comments(client, item):
    tops = _comments(item, 45, with_replies=False)
    seen = set()
    for offset in (0, 20, 40):
        html = client.get(reverse("consultations:item_comments", args=[item.pk]) + f"?offset={offset}").content.decode()
        seen |= {c.pk for c in tops if f'id="comment-{c.pk}"' in html}
    assert seen == {c.pk for c in tops}


def test_most_helpful_sort(client, item):
    low, high = CommentFactory(item=item, helpful_count=1), CommentFactory(item=item, helpful_count=9)
    html = client.get(reverse("consultations:item", args=[item.pk]) + "?sort=helpful").content.decode()
    assert html.index(f'id="comment-{high.pk}"') < html.index(f'id="comment-{low.pk}"')
    html = client.get(reverse("consultations:item", args=[item.pk]) + "?sort=newest").content.decode()
    assert html.index(f'id="comment-{high.pk}"') < html.index(f'id="comment-{low.pk}"')  # newer too


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_comments_and_names_is_inert_on_the_item_page(client, item, payload):
    author = UserFactory(display_name=payload)
    services.comment_create(item=item, author=author, body=f"Look {payload} here")
    html = client.get(reverse("consultations:item", args=[item.pk])).content.decode()
    assert payload not in html
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")  # only escaped text may remain
    assert "<script>alert" not in html


def test_window_is_explained_on_the_page(client, edp):
    from tests.factories.consultations import ConsultationFactory, ItemFactory

    item = ItemFactory(consultation=ConsultationFactory(edp=edp, scheduled=True))
    html = client.get(reverse("consultations:item", args=[item.pk])).content.decode()
    assert "This consultation opens on" in html
    assert 'action="/consultations/items/' not in html  # no forms to take part


def test_comment_form_links_the_code_of_conduct(client, item, resident):
    client.force_login(resident)
    html = client.get(reverse("consultations:item", args=[item.pk])).content.decode()
    assert reverse("code_of_conduct") in html
    assert 'for="id_body"' in html  # labelled


def test_comment_post_and_rate_limit_message_next_to_the_field(client, item, resident):
    client.force_login(resident)
    url = reverse("consultations:comment", args=[item.pk])
    for i in range(10):
        assert client.post(url, {"body": f"Comment {i}"}).status_code == 302
    response = client.post(url, {"body": "Eleventh"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please wait" in html and "Eleventh" in html  # nothing lost
    assert Comment.objects.count() == 10


def test_reply_via_page_and_forged_parent_is_refused(client, consultation, item, resident):
    from tests.factories.consultations import ItemFactory

    client.force_login(resident)
    top = CommentFactory(item=item)
    elsewhere = CommentFactory(item=ItemFactory(consultation=consultation))
    url = reverse("consultations:comment", args=[item.pk])
    client.post(url, {"body": "A reply", "parent": top.pk})
    assert Comment.objects.filter(parent=top, body="A reply").exists()
    client.post(url, {"body": "Forged", "parent": elsewhere.pk})
    assert not Comment.objects.filter(body="Forged").exists()


def test_stance_post_with_htmx_swaps_the_stance_block(client, item, resident):
    client.force_login(resident)
    response = client.post(
        reverse("consultations:stance", args=[item.pk]), {"position": "support"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="stance"' in html and "<html" not in html
    item.refresh_from_db()
    assert item.support_count == 1


def test_helpful_with_htmx(client, item, resident):
    comment = CommentFactory(item=item)
    client.force_login(resident)
    response = client.post(
        reverse("consultations:helpful", args=[comment.pk]), {"helpful": "1"}, HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="true"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.helpful_count == 1


def test_deleted_and_hidden_comments_show_why(client, item, moderator):
    deleted = CommentFactory(item=item, status=Comment.Status.DELETED, body="", body_html="")
    CommentFactory(item=item, parent=deleted, body="Still here")
    CommentFactory(item=item, status=Comment.Status.HIDDEN, moderation_reason="off-topic")
    html = client.get(reverse("consultations:item", args=[item.pk])).content.decode()
    assert "deleted by its author" in html and "Still here" in html
    assert "Hidden by a moderator: off-topic" in html


def test_list_and_detail_pages(client, consultation, item):
    assert consultation.title in client.get(reverse("consultations:list")).content.decode()
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert item.title in html and "Open until" in html


def test_stance_post_query_count(client, item, resident, django_assert_max_num_queries):
    """Session, user, roles, the item with the reader's stance and email in
    one query, the write (a savepoint, the stance, the counters; one
    statement on PostgreSQL); the htmx answer reads the item again. The
    permission checks cost nothing more (their facts come with the item)."""
    client.force_login(resident)
    url = reverse("consultations:stance", args=[item.pk])
    client.post(url, {"position": "neutral"}, HTTP_HX_REQUEST="true")
    for position in ("support", "oppose"):
        with django_assert_max_num_queries(9):
            assert client.post(url, {"position": position}, HTTP_HX_REQUEST="true").status_code == 200
    with django_assert_max_num_queries(8):  # the plain form redirects instead of reading the item again
        assert client.post(url, {"position": "neutral"}).status_code == 302
