from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone

from consultations.models import Comment, Consultation, ConsultationItem
from core.markdown import render_markdown

from .accounts import UserFactory
from .edp import EDPFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation (opened yesterday, closes in a week)."""

    class Meta:
        model = Consultation

    edp = factory.SubFactory(EDPFactory, stage="consultation")
    title = factory.Sequence(lambda n: f"Consultation {n}")
    introduction = "What do you think?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    class Params:
        scheduled = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=9)),
        )
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=9)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
        )
        published = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=9)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
            report_published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            report_summary="We listened.",
        )


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationItem

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Candidate specialisation {n}")
    body = "Processing of *local* aluminium."
    position = factory.Sequence(lambda n: n)


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment row written directly, for reading tests (writing tests go
    through the services). Keeps the item's and parent's counters true."""

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    item = factory.SubFactory(ItemFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment number {n} with **bold** text.")
    body_html = factory.LazyAttribute(lambda o: str(render_markdown(o.body)))
    author_helix = factory.LazyAttribute(lambda o: o.author.effective_helix)
    author_region = factory.LazyAttribute(lambda o: o.author.region)

    @factory.post_generation
    def counters(obj, create, extracted, **kwargs):
        if create and obj.status == Comment.Status.VISIBLE:
            ConsultationItem.objects.filter(pk=obj.item_id).update(comment_count=F("comment_count") + 1)
            if obj.parent_id:
                Comment.objects.filter(pk=obj.parent_id).update(reply_count=F("reply_count") + 1)
