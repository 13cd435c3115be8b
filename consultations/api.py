"""Read API for consultations, their items (with counts) and comments
(paginated), plus taking a stance. Query counts are fixed per page."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from rest_framework import decorators, exceptions, permissions, serializers, viewsets
from rest_framework.response import Response

from core import permissions as core_permissions
from core.errors import DomainError

from . import selectors, services
from .models import Comment, Consultation, ConsultationItem, ConsultationState, Stance


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationItem
        fields = [
            "id",
            "consultation",
            "position",
            "title",
            "body",
            "support_count",
            "neutral_count",
            "oppose_count",
            "comment_count",
        ]


class ConsultationSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    edp = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.CharField(source="edp.region.name", read_only=True)
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "edp",
            "region",
            "title",
            "introduction",
            "opens_at",
            "closes_at",
            "closed_early_at",
            "closed_early_reason",
            "state",
            "report_published_at",
            "items",
        ]

    def get_state(self, obj) -> str:
        return obj.state


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    helix = serializers.CharField(source="author_helix")
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    moderation_reason = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "item",
            "parent",
            "author",
            "helix",
            "status",
            "moderation_reason",
            "body",
            "body_html",
            "helpful_count",
            "reply_count",
            "created_at",
            "edited_at",
        ]

    def get_author(self, obj) -> str | None:
        return None if obj.is_deleted else obj.author_label

    def get_body(self, obj) -> str | None:
        return obj.body if obj.is_visible else None

    def get_body_html(self, obj) -> str | None:
        return obj.body_html if obj.is_visible else None

    def get_moderation_reason(self, obj) -> str:
        return obj.moderation_reason if Comment.lifecycle.is_in(obj, Comment.Status.HIDDEN) else ""


class StanceSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=Stance.Position.choices, allow_null=True)


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """Consultations, newest first. Filters: ``edp`` (slug), ``state``."""

    serializer_class = ConsultationSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        qs = (
            Consultation.objects.with_state()
            .select_related("edp__region")
            .prefetch_related(Prefetch("items", queryset=ConsultationItem.objects.order_by("position", "id")))
            .order_by("-opens_at", "-id")
        )
        if self.request.query_params.get("edp"):
            qs = qs.filter(edp__slug=self.request.query_params["edp"])
        state = self.request.query_params.get("state")
        if state in ConsultationState.values:
            qs = qs.filter(current_state=state)
        return qs


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Items with their stance and comment counts. Filter: ``consultation``."""

    serializer_class = ItemSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        qs = ConsultationItem.objects.select_related("consultation__edp").order_by("consultation_id", "position", "id")
        consultation = self.request.query_params.get("consultation")
        if consultation:
            if not consultation.isdigit():
                raise exceptions.ValidationError({"consultation": _("Give a consultation id.")})
            qs = qs.filter(consultation_id=int(consultation))
        return qs

    @decorators.action(
        detail=True,
        methods=["post"],
        permission_classes=[permissions.IsAuthenticated],
        serializer_class=StanceSerializer,
    )
    def stance(self, request, pk=None, format=None):  # format: the URL's suffix (.json), as DRF passes it
        """Take, change or (``position: null``) withdraw your stance."""
        item = self.get_object()
        decision = core_permissions.check(request.user, "consultations.take_stance", item)
        if not decision:
            raise exceptions.PermissionDenied(decision.reason)
        serializer = StanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            stance = services.stance_set(item=item, user=request.user, position=serializer.validated_data["position"])
        except DomainError as error:
            raise exceptions.ValidationError({"position": [error.message]})
        item.refresh_from_db()
        return Response({"position": stance.position if stance else None, "item": ItemSerializer(item).data})


class CommentViewSet(viewsets.ReadOnlyModelViewSet):
    """Comments of one item (``item`` is required), paginated. ``sort``:
    ``newest`` (default) or ``helpful``; ``thread``: a top-level comment id
    to list its replies."""

    serializer_class = CommentSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        params = self.request.query_params
        qs = Comment.objects.select_related("author", "author_region")
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return qs.none()
        if self.action == "retrieve":
            return qs
        item = params.get("item", "")
        if not item.isdigit():
            raise exceptions.ValidationError({"item": _("Give the id of the item whose comments you want.")})
        qs = qs.filter(item_id=int(item))
        thread = params.get("thread", "")
        if thread.isdigit():
            return qs.filter(parent_id=int(thread)).order_by("created_at", "id")
        qs = qs.filter(parent__isnull=True)
        if params.get("sort") == selectors.Sort.HELPFUL:
            return qs.order_by("-helpful_count", "-created_at", "-id")
        return qs.order_by("-created_at", "-id")


def register(router) -> None:
    router.register("consultations", ConsultationViewSet, basename="consultation")
    router.register("consultation-items", ItemViewSet, basename="consultation-item")
    router.register("consultation-comments", CommentViewSet, basename="consultation-comment")
