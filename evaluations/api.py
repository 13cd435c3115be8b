"""Read-only API: a coordinator's ranking (no evaluator identities, as in
the exports) and an evaluator's own queue. Both need ``?edp=<slug>``."""

from django.shortcuts import get_object_or_404
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from edp.models import EDP

from . import selectors


def _edp(request, perm: str) -> EDP:
    slug = request.query_params.get("edp")
    if not slug:
        raise ValidationError({"edp": "Give the EDP's slug: ?edp=<slug>."})
    edp = get_object_or_404(EDP, slug=slug)
    if not request.user.has_perm(perm, edp):
        raise PermissionDenied
    return edp


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


class RankingViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def list(self, request):
        from rest_framework.pagination import PageNumberPagination

        edp = _edp(request, "evaluations.view_results")
        results = selectors.idea_results(edp)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(results, request, view=self)
        return paginator.get_paginated_response(RankingSerializer(page, many=True).data)


class QueueItemSerializer(serializers.Serializer):
    idea = serializers.IntegerField(source="idea.pk")
    title = serializers.CharField(source="idea.title")
    status = serializers.CharField()
    scored = serializers.IntegerField()


class MyAssignmentsViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def list(self, request):
        from rest_framework.pagination import PageNumberPagination

        edp = _edp(request, "evaluations.view_queue")
        items = selectors.queue_for(edp, request.user)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(items, request, view=self)
        return paginator.get_paginated_response(QueueItemSerializer(page, many=True).data)


def register(router) -> None:
    router.register("evaluation-ranking", RankingViewSet, basename="evaluation-ranking")
    router.register("evaluation-assignments", MyAssignmentsViewSet, basename="evaluation-assignments")
