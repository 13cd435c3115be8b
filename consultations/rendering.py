"""Comment threads rendered in Python.

An item page shows a batch of 20 threads; through the template engine each
comment cost several milliseconds (dozens of nodes, URL reversals and
translations per comment), which put the page far beyond its budget (4x a
bare page, bench/consultations.py). Here URLs and labels are prepared once
per batch and each comment is one ``format_html`` pass. Everything from
users goes through ``format_html``/``conditional_escape``; ``body_html`` was
sanitised by nh3 when the comment was written.
"""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Comment

_PK = 987654321


def _url(name: str) -> str:
    return reverse(name, args=[_PK]).replace(str(_PK), "{pk}")


class BatchRenderer:
    def __init__(self, *, request, batch, item, consultation, perms: dict) -> None:
        self.user = request.user
        self.batch = batch
        self.item = item
        self.perms = perms
        self.csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
        self.urls = {
            name: _url(f"consultations:{name}")
            for name in ("helpful", "comment_edit", "comment_delete", "flag", "comment_moderate")
        }
        self.comment_url = reverse("consultations:comment", args=[item.pk])
        self.answer_url = reverse("consultations:answer_create", args=[consultation.pk])
        self.answers_url = reverse("consultations:answers", args=[consultation.pk])
        self.t = {
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

    def render(self) -> SafeString:
        return mark_safe("".join(self.thread(c) for c in self.batch.comments))  # every part below is escaped

    def thread(self, comment: Comment) -> str:
        inner = ""
        if not comment.parent_id:
            inner = "".join(self.comment(r) for r in comment.replies.all()) + self.reply_form(comment)
        return self.comment(comment, inner)

    def comment(self, c: Comment, inner: str = "") -> str:
        t = self.t
        if c.status == Comment.Status.DELETED:
            author = format_html(
                '<span id="comment-{}-author" class="fst-italic">{}</span>', c.pk, t["deleted_comment"]
            )
        else:
            author = format_html(
                '<strong id="comment-{}-author">{}</strong> <span class="badge badge-helix helix-{}">{}</span>',
                c.pk,
                c.author_label,
                c.author_helix,
                c.get_author_helix_display(),
            )
        created = timezone.localtime(c.created_at)
        header = format_html(
            '<header class="d-flex flex-wrap gap-2 align-items-baseline small">'
            '<a class="text-body-secondary" href="#comment-{pk}">#{pk}</a> {author} '
            '<time datetime="{iso}" class="text-body-secondary">{when}</time>{edited}</header>',
            pk=c.pk,
            author=author,
            iso=created.isoformat(),
            when=date_format(created, "DATETIME_FORMAT"),
            edited=format_html(' <span class="text-body-secondary">({})</span>', t["edited"]) if c.edited_at else "",
        )
        if c.status == Comment.Status.VISIBLE:
            body = format_html('<div class="comment-body">{}</div>', mark_safe(c.body_html))  # nh3-sanitised at write
        elif c.status == Comment.Status.DELETED:
            body = format_html('<p class="fst-italic text-body-secondary">{}</p>', t["deleted"])
        elif c.status == Comment.Status.HIDDEN:
            body = format_html(
                '<p class="fst-italic text-body-secondary">{}</p>',
                _("Hidden by a moderator: %(reason)s") % {"reason": c.moderation_reason},
            )
        else:
            body = format_html('<p class="fst-italic text-body-secondary">{}</p>', t["pending"])
        answers = "".join(
            format_html(
                '<aside class="answer-note small border rounded p-2 mb-2" aria-label="{}"><strong>{}: {}</strong> — '
                '<a href="{}#answer-{}">{}</a></aside>',
                t["answer_label"],
                t["answer"],
                a.get_outcome_display(),
                self.answers_url,
                a.pk,
                a.summary,
            )
            for a in c.answers.all()
        )
        return format_html(
            '<article id="comment-{pk}" class="comment {reply}border-start ps-3 my-3" aria-labelledby="comment-{pk}-author">'
            "{header}{body}{answers}"
            '<footer class="d-flex flex-wrap gap-2 align-items-center">{actions}</footer>{inner}</article>',
            pk=c.pk,
            reply="comment-reply ms-4 ms-md-5 " if c.parent_id else "",
            header=header,
            body=body,
            answers=mark_safe(answers),  # built with format_html
            actions=self.actions(c),
            inner=mark_safe(inner),  # built with format_html
        )

    def helpful(self, c: Comment) -> str:
        if not (self.perms["can_mark_helpful"] and c.author_id != self.user.pk):
            return format_html(
                '<span class="small text-body-secondary">{}</span>',
                ngettext("%(n)d person found this helpful", "%(n)d people found this helpful", c.helpful_count)
                % {"n": c.helpful_count},
            )
        marked = c.pk in self.batch.helpful_ids
        url = self.urls["helpful"].format(pk=c.pk)
        return format_html(
            '<form method="post" action="{url}" hx-post="{url}" hx-target="this" hx-swap="outerHTML" class="d-inline">'
            '{csrf}<input type="hidden" name="helpful" value="{value}">'
            '<button class="btn btn-sm {cls}" type="submit" aria-pressed="{pressed}">'
            '<i class="bi bi-hand-thumbs-up" aria-hidden="true"></i> {label} <span class="badge text-bg-light">{n}</span>'
            "</button></form>",
            url=url,
            csrf=self.csrf,
            value="0" if marked else "1",
            cls="btn-success" if marked else "btn-outline-success",
            pressed="true" if marked else "false",
            label=self.t["helpful_marked"] if marked else self.t["helpful"],
            n=c.helpful_count,
        )

    def actions(self, c: Comment) -> str:
        parts = []
        if c.status == Comment.Status.VISIBLE:
            parts.append(self.helpful(c))
        user = self.user
        if user.is_authenticated:
            mine = c.author_id == user.pk
            link = '<a class="btn btn-sm btn-link" href="{}">{}</a>'
            if mine and user.has_perm("consultations.change_comment", c):
                parts.append(format_html(link, self.urls["comment_edit"].format(pk=c.pk), self.t["edit"]))
            if mine and not c.is_deleted:
                parts.append(
                    format_html(
                        '<form method="post" action="{}" class="d-inline">{}'
                        '<button class="btn btn-sm btn-link text-danger" type="submit" data-confirm="{}">{}</button></form>',
                        self.urls["comment_delete"].format(pk=c.pk),
                        self.csrf,
                        self.t["delete_confirm"],
                        self.t["delete"],
                    )
                )
            if self.perms["can_flag"] and not mine and not c.is_deleted:
                if c.pk in self.batch.flagged_ids:
                    parts.append(format_html('<span class="small text-body-secondary">{}</span>', self.t["flagged"]))
                else:
                    parts.append(format_html(link, self.urls["flag"].format(pk=c.pk), self.t["flag"]))
            if self.perms["can_moderate"]:
                parts.append(format_html(link, self.urls["comment_moderate"].format(pk=c.pk), self.t["moderate"]))
            if self.perms["can_answer"] and not c.is_deleted:
                parts.append(format_html(link, f"{self.answer_url}?comments={c.pk}", self.t["answer"]))
        return mark_safe("".join(parts))  # every part built with format_html

    def reply_form(self, c: Comment) -> str:
        if not (self.perms["can_comment"] and c.status == Comment.Status.VISIBLE):
            return ""
        return format_html(
            '<details class="ms-4 ms-md-5 mt-2"><summary class="small">{reply}</summary>'
            '<form method="post" action="{url}" class="mt-2">{csrf}'
            '<input type="hidden" name="parent" value="{pk}">'
            '<label class="form-label" for="reply-body-{pk}">{your_reply}</label>'
            '<textarea class="form-control" id="reply-body-{pk}" name="body" rows="3" maxlength="3000" required></textarea>'
            '<div class="form-check mt-1"><input class="form-check-input" type="checkbox" name="show_as_resident" '
            'id="reply-resident-{pk}"><label class="form-check-label" for="reply-resident-{pk}">{as_resident}</label></div>'
            '<button class="btn btn-sm btn-primary mt-2" type="submit">{publish}</button></form></details>',
            reply=self.t["reply"],
            url=self.comment_url,
            csrf=self.csrf,
            pk=c.pk,
            your_reply=self.t["your_reply"],
            as_resident=self.t["as_resident"],
            publish=self.t["publish_reply"],
        )
