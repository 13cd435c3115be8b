"""User text is inert on every page that shows it, including the comment
threads that ``consultations/rendering.py`` builds by hand (outside template
autoescaping): comment bodies, display names, a moderator's public reason,
answers, and a commenting block's reason (the refusal a blocked person reads).

The pages are parsed, not only searched: besides the literal markers, no
element may carry an ``on…`` event attribute, no link or source may point to
``javascript:``, and no ``<script>`` element may hold the payload."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Comment
from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[x](javascript:alert(1))",
]


class _Inspector(HTMLParser):
    """Collects what a browser would execute: event-handler attributes,
    ``javascript:`` URLs and the text of script elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.js_urls.append(f"<{tag} {name}={value}>")
        self._in_script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_inert(html: str, where: str) -> None:
    lowered = html.lower()
    assert "<script>alert" not in lowered, where
    assert "<img src=x" not in lowered and "<svg onload" not in lowered, where
    assert 'href="javascript:' not in lowered and "href='javascript:" not in lowered, where
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert inspector.handlers == [], (where, inspector.handlers)
    assert inspector.js_urls == [], (where, inspector.js_urls)
    assert not any("alert(1)" in s for s in inspector.scripts), where


@pytest.fixture
def poisoned(edp, consultation, item, moderator, coordinator):
    """Everything a person can write, carrying the payload."""

    def make(payload: str):
        author = UserFactory(display_name=payload, region=region("pavlodar"))
        replier = UserFactory(display_name=payload)
        flagger = UserFactory()
        blocked = UserFactory(display_name=payload)
        top = services.comment_create(item=item, author=author, body=f"Look {payload} here")
        services.comment_create(item=item, author=replier, body=f"Reply {payload}", parent=top)
        hidden = services.comment_create(item=item, author=author, body="Soon hidden")
        services.comment_hide(comment=hidden, moderator=moderator, reason=payload)
        flagged = services.comment_create(item=item, author=replier, body=f"Flagged {payload}")
        services.flag_create(comment=flagged, user=flagger, reason="other", details=payload)
        answer = services.answer_create(
            consultation=consultation,
            author=coordinator,
            item=item,
            comments=[top],
            summary=f"Summary {payload}",
            outcome="partly_accepted",
            reason=f"Reason {payload}",
        )
        services.user_block(consultation=consultation, moderator=moderator, user=blocked, days=3, reason=payload)
        return {"top": top, "hidden": hidden, "flagged": flagged, "answer": answer, "blocked": blocked}

    return make


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_inert_everywhere(client, consultation, item, moderator, coordinator, poisoned, payload):
    made = poisoned(payload)
    item_url = reverse("consultations:item", args=[item.pk])
    batch_url = reverse("consultations:item_comments", args=[item.pk]) + "?offset=0"
    pages = [("anonymous", None, item_url), ("anonymous", None, batch_url)]
    pages += [
        (role, user, url)
        for role, user in (("moderator", moderator), ("coordinator", coordinator))
        for url in (item_url, batch_url)
    ]
    pages += [
        ("blocked", made["blocked"], item_url),
        ("moderator", moderator, reverse("consultations:moderation", args=[consultation.pk])),
        ("coordinator", coordinator, reverse("consultations:moderation_log", args=[consultation.pk])),
        ("anonymous", None, reverse("consultations:answers", args=[consultation.pk])),
    ]
    seen = {}
    for role, user, url in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, HTTP_HX_REQUEST="true") if url == batch_url else client.get(url)
        assert response.status_code == 200, (role, url)
        html = response.content.decode()
        assert_inert(html, f"{role} {url}")
        seen[(role, url)] = html

    # The payloads were on the pages (escaped), so the checks above looked at them.
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    thread = seen[("anonymous", item_url)]
    assert f'id="comment-{made["top"].pk}"' in thread and f'id="comment-{made["hidden"].pk}"' in thread
    assert "Hidden by a moderator: " + escaped.replace('"', "&quot;") in thread  # the moderator's public reason
    assert "Summary " + escaped.replace('"', "&quot;") in thread  # the answer note (esc quotes too)
    assert escaped.replace('"', "&quot;") in seen[("anonymous", batch_url)]
    assert "A moderator has paused your commenting" in seen[("blocked", item_url)]
    assert 'name="body"' not in seen[("blocked", item_url)].split('id="comments"', 1)[-1].split("<article", 1)[0]
    answers = seen[("anonymous", reverse("consultations:answers", args=[consultation.pk]))]
    assert f'id="answer-{made["answer"].pk}"' in answers and "Summary " in answers
    queue = seen[("moderator", reverse("consultations:moderation", args=[consultation.pk]))]
    assert f"#{made['flagged'].pk}" in queue and "Commenting blocks in force" in queue
    log = seen[("coordinator", reverse("consultations:moderation_log", args=[consultation.pk]))]
    assert "Hid a comment" in log and "Blocked a person" in log
    if payload.startswith("["):  # a Markdown link: rendered as a link without its javascript: target
        assert "javascript:alert" not in thread.replace("[x](javascript:alert(1))", "")


def test_inspector_catches_live_markup():
    """The check can fail: each payload left raw is reported."""
    for payload in PAYLOADS[:3]:
        with pytest.raises(AssertionError):
            assert_inert(f"<p>{payload}</p>", "raw")
    with pytest.raises(AssertionError):
        assert_inert('<a href="javascript:alert(1)">x</a>', "raw link")
    with pytest.raises(AssertionError):
        assert_inert("<a href='javascript:alert(1)'>x</a>", "raw link, single quotes")
    assert_inert("<p>&lt;img src=x onerror=alert(1)&gt;</p>", "escaped")


def test_hidden_reason_in_rendered_thread_is_escaped_with_quotes(client, item, moderator):
    """The hand-built thread escapes quotes as well: a reason cannot leave an attribute."""
    hidden = services.comment_create(item=item, author=UserFactory(), body="Soon hidden")
    services.comment_hide(comment=hidden, moderator=moderator, reason='" onmouseover="alert(1)')
    html = client.get(reverse("consultations:item", args=[item.pk])).content.decode()
    assert "&quot; onmouseover=&quot;alert(1)" in html
    assert Comment.objects.get(pk=hidden.pk).status == Comment.Status.HIDDEN
    assert_inert(html, "hidden reason")
