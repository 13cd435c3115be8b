"""Comment threads rendered in Python.

An item page shows a batch of 20 threads; through the template engine each
comment cost several milliseconds (dozens of nodes, URL reversals and
translations per comment), which put the page far beyond its budget (4x a
bare page, bench/consultations.py). Here URLs, labels and the date format
are prepared once per batch and each comment is a few f-strings.

Escaping: every value that comes from a person (names, region names,
moderation reasons, answer summaries) goes through ``esc`` (the standard
library's ``html.escape``, quotes included); numbers are ints; ``body_html``
was sanitised by nh3 when the comment was written; translated labels are
escaped once, when the batch starts.
"""

from html import escape as esc

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import permissions
from stakeholders.choices import Helix

from .models import Comment

_PK = 987654321


def _url(name: str) -> str:
    return reverse(name, args=[_PK]).replace(str(_PK), "{pk}")


class BatchRenderer:
    def __init__(self, *, request, batch, item, consultation, perms: dict) -> None:
        self.user = request.user
        self.user_id = request.user.pk if request.user.is_authenticated else None
        self.batch = batch
        self.item = item
        self.perms = perms
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(get_token(request))}">'
        self.urls = {
            name: _url(f"consultations:{name}")
            for name in ("helpful", "comment_edit", "comment_delete", "flag", "comment_moderate")
        }
        self.comment_url = reverse("consultations:comment", args=[item.pk])
        self.answer_url = reverse("consultations:answer_create", args=[consultation.pk])
        self.answers_url = reverse("consultations:answers", args=[consultation.pk])
        labels = {
            "deleted_comment": _("Deleted comment"),
            "deleted": _("This comment was deleted by its author."),
            "pending": _("Hidden pending review: several people flagged this comment and a moderator will look at it."),
            "edited": _("edited"),
            "answer_label": _("Answer from the coordinators"),
            "answer": _("Answer"),
            "edit": _("Edit"),
            "delete": _("Delete"),
            "delete_confirm": _("Delete your comment? Replies to it stay."),
            "flag": _("Flag"),
            "flagged": _("You flagged this comment"),
            "moderate": _("Moderate"),
            "reply": _("Reply"),
            "your_reply": _("Your reply"),
            "as_resident": _("appear as a resident of my region instead of my name"),
            "publish_reply": _("Publish reply"),
            "helpful": _("Helpful"),
            "helpful_marked": _("Helpful (marked)"),
        }
        self.t = {key: esc(str(value)) for key, value in labels.items()}
        self.helix = {value: esc(str(label)) for value, label in Helix.choices}
        self.date_format = get_format("DATETIME_FORMAT")
        self._authors: dict = {}
        self._helpful_counts: dict[int, str] = {}

    def render(self) -> SafeString:
        return mark_safe("".join(self.thread(c) for c in self.batch.comments))  # every part below is escaped

    def thread(self, comment: Comment) -> str:
        inner = ""
        if not comment.parent_id:
            inner = "".join(self.comment(r) for r in comment.thread_replies) + self.reply_form(comment)
        return self.comment(comment, inner)

    def author(self, c: Comment) -> str:
        key = (c.author_id, c.show_as_resident, c.author_region_id)
        label = self._authors.get(key)
        if label is None:
            label = self._authors[key] = esc(c.author_label)
        return label

    def comment(self, c: Comment, inner: str = "") -> str:
        t = self.t
        pk = c.pk
        is_in = Comment.lifecycle.is_in
        if is_in(c, Comment.Status.DELETED):
            author = f'<span id="comment-{pk}-author" class="fst-italic">{t["deleted_comment"]}</span>'
        else:
            helix = c.author_helix
            author = (
                f'<strong id="comment-{pk}-author">{self.author(c)}</strong> '
                f'<span class="badge badge-helix helix-{esc(helix)}">{self.helix.get(helix, esc(helix))}</span>'
            )
        created = timezone.localtime(c.created_at)
        edited = f' <span class="text-body-secondary">({t["edited"]})</span>' if c.edited_at else ""
        header = (
            '<header class="d-flex flex-wrap gap-2 align-items-baseline small">'
            f'<a class="text-body-secondary" href="#comment-{pk}">#{pk}</a> {author} '
            f'<time datetime="{created.isoformat()}" class="text-body-secondary">'
            f"{esc(dateformat.format(created, self.date_format))}</time>{edited}</header>"
        )
        if is_in(c, Comment.Status.VISIBLE):
            body = f'<div class="comment-body">{c.body_html}</div>'  # nh3-sanitised at write
        elif is_in(c, Comment.Status.DELETED):
            body = f'<p class="fst-italic text-body-secondary">{t["deleted"]}</p>'
        elif is_in(c, Comment.Status.HIDDEN):
            reason = _("Hidden by a moderator: %(reason)s") % {"reason": c.moderation_reason}
            body = f'<p class="fst-italic text-body-secondary">{esc(reason)}</p>'
        else:
            body = f'<p class="fst-italic text-body-secondary">{t["pending"]}</p>'
        answers = "".join(
            f'<aside class="answer-note small border rounded p-2 mb-2" aria-label="{t["answer_label"]}">'
            f"<strong>{t['answer']}: {esc(str(a.get_outcome_display()))}</strong> — "
            f'<a href="{self.answers_url}#answer-{a.pk}">{esc(a.summary)}</a></aside>'
            for a in c.thread_answers
        )
        reply = "comment-reply ms-4 ms-md-5 " if c.parent_id else ""
        return (
            f'<article id="comment-{pk}" class="comment {reply}border-start ps-3 my-3" '
            f'aria-labelledby="comment-{pk}-author">{header}{body}{answers}'
            f'<footer class="d-flex flex-wrap gap-2 align-items-center">{self.actions(c)}</footer>{inner}</article>'
        )

    def helpful(self, c: Comment) -> str:
        n = c.helpful_count
        if not (self.perms["can_mark_helpful"] and c.author_id != self.user_id):
            text = self._helpful_counts.get(n)
            if text is None:
                text = self._helpful_counts[n] = esc(
                    ngettext("%(n)d person found this helpful", "%(n)d people found this helpful", n) % {"n": n}
                )
            return f'<span class="small text-body-secondary">{text}</span>'
        marked = c.pk in self.batch.helpful_ids
        url = self.urls["helpful"].format(pk=c.pk)
        return (
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="this" hx-swap="outerHTML" class="d-inline">'
            f'{self.csrf}<input type="hidden" name="helpful" value="{0 if marked else 1}">'
            f'<button class="btn btn-sm {"btn-success" if marked else "btn-outline-success"}" type="submit" '
            f'aria-pressed="{"true" if marked else "false"}">'
            f'<i class="bi bi-hand-thumbs-up" aria-hidden="true"></i> '
            f'{self.t["helpful_marked"] if marked else self.t["helpful"]} <span class="badge text-bg-light">{n}</span>'
            "</button></form>"
        )

    def actions(self, c: Comment) -> str:
        parts = []
        lifecycle = Comment.lifecycle
        if lifecycle.is_in(c, Comment.Status.VISIBLE):
            parts.append(self.helpful(c))
        if self.user_id is not None:
            t = self.t
            mine = c.author_id == self.user_id
            deleted = lifecycle.is_in(c, Comment.Status.DELETED)
            if mine and permissions.check(self.user, "consultations.change_comment", c):
                parts.append(self.link(self.urls["comment_edit"], c.pk, t["edit"]))
            if mine and lifecycle.refusal(c, "delete") is None:
                parts.append(
                    f'<form method="post" action="{self.urls["comment_delete"].format(pk=c.pk)}" class="d-inline">'
                    f'{self.csrf}<button class="btn btn-sm btn-link text-danger" type="submit" '
                    f'data-confirm="{t["delete_confirm"]}">{t["delete"]}</button></form>'
                )
            if self.perms["can_flag"] and not mine and not deleted:
                if c.pk in self.batch.flagged_ids:
                    parts.append(f'<span class="small text-body-secondary">{t["flagged"]}</span>')
                else:
                    parts.append(self.link(self.urls["flag"], c.pk, t["flag"]))
            if self.perms["can_moderate"]:
                parts.append(self.link(self.urls["comment_moderate"], c.pk, t["moderate"]))
            if self.perms["can_answer"] and not deleted:
                parts.append(
                    f'<a class="btn btn-sm btn-link" href="{self.answer_url}?comments={c.pk}">{t["answer"]}</a>'
                )
        return "".join(parts)

    @staticmethod
    def link(url: str, pk: int, label: str) -> str:
        return f'<a class="btn btn-sm btn-link" href="{url.format(pk=pk)}">{label}</a>'

    def reply_form(self, c: Comment) -> str:
        if not (self.perms["can_comment"] and Comment.lifecycle.is_in(c, Comment.Status.VISIBLE)):
            return ""
        t, pk = self.t, c.pk
        return (
            f'<details class="ms-4 ms-md-5 mt-2"><summary class="small">{t["reply"]}</summary>'
            f'<form method="post" action="{self.comment_url}" class="mt-2">{self.csrf}'
            f'<input type="hidden" name="parent" value="{pk}">'
            f'<label class="form-label" for="reply-body-{pk}">{t["your_reply"]}</label>'
            f'<textarea class="form-control" id="reply-body-{pk}" name="body" rows="3" maxlength="3000" required></textarea>'
            '<div class="form-check mt-1"><input class="form-check-input" type="checkbox" name="show_as_resident" '
            f'id="reply-resident-{pk}"><label class="form-check-label" for="reply-resident-{pk}">{t["as_resident"]}</label></div>'
            f'<button class="btn btn-sm btn-primary mt-2" type="submit">{t["publish_reply"]}</button></form></details>'
        )
