"""Read-only API: a coordinator's ranking (no evaluator identities, as in
the exports) and an evaluator's own queue. Both need ``?edp=<slug>``."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from edp.models import EDP

from . import selectors
from .access import edp_for


def _edp(request, perm: str) -> EDP:
    slug = request.query_params.get("edp")
    if not slug:
        raise ValidationError({"edp": "Give the EDP's slug: ?edp=<slug>."})
    return edp_for(request, slug, perm)


class RankingSerializer(serializers.Serializer):
    idea = serializers.IntegerField(source="idea.pk")
    title = serializers.CharField(source="idea.title")
    helix = serializers.CharField(source="idea.helix")
    mean = serializers.DecimalField(source="summary.mean", max_digits=5, decimal_places=2, allow_null=True)
    median = serializers.DecimalField(source="summary.median", max_digits=5, decimal_places=2, allow_null=True)
    spread = serializers.DecimalField(source="summary.spread", max_digits=5, decimal_places=2, allow_null=True)
    submitted = serializers.IntegerField(source="summary.count")
    expected = serializers.IntegerField(source="summary.expected")
    flagged = serializers.BooleanField(source="summary.flagged")
    decision = serializers.SerializerMethodField()

    def get_decision(self, obj) -> str | None:
        return obj.decision.outcome if obj.decision else None


class _ListViewSet(viewsets.GenericViewSet):
    """A paginated list computed by a selector for one EDP (``?edp=``)."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []
    perm = ""

    def rows(self, edp) -> list:
        raise NotImplementedError

    @extend_schema(parameters=[OpenApiParameter("edp", str, required=True, description="The EDP's slug")])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.rows(_edp(request, self.perm)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RankingViewSet(_ListViewSet):
    """Ideas with their aggregated scores, best first (coordinators only)."""

    serializer_class = RankingSerializer
    perm = "evaluations.view_results"

    def rows(self, edp):
        return selectors.idea_results(edp)


class QueueItemSerializer(serializers.Serializer):
    idea = serializers.IntegerField(source="idea.pk")
    title = serializers.CharField(source="idea.title")
    status = serializers.CharField()
    scored = serializers.IntegerField()


class MyAssignmentsViewSet(_ListViewSet):
    """The signed-in evaluator's own queue with progress."""

    serializer_class = QueueItemSerializer
    perm = "evaluations.view_queue"

    def rows(self, edp):
        return selectors.queue_for(edp, self.request.user)


def register(router) -> None:
    router.register("evaluation-ranking", RankingViewSet, basename="evaluation-ranking")
    router.register("evaluation-assignments", MyAssignmentsViewSet, basename="evaluation-assignments")
