"""Read-only public API: EDPs and their submitted ideas.

Only what the public pages show: idea titles and summaries, and the full text
when the submitter allowed it. Drafts and withdrawn ideas never appear.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from .models import EDP, Idea
from .workflow import Stage


class EDPSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    owner = serializers.CharField(source="owner.name", read_only=True)
    submitted_ideas = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = EDP
        fields = [
            "slug",
            "title",
            "description",
            "region",
            "region_code",
            "owner",
            "period_start",
            "period_end",
            "stage",
            "ideas_close_at",
            "submitted_ideas",
            "url",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class EDPFilter(filters.FilterSet):
    region = filters.CharFilter(field_name="region__code")
    stage = filters.ChoiceFilter(choices=Stage.choices)

    class Meta:
        model = EDP
        fields = ["region", "stage"]


class EDPViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EDPSerializer
    lookup_field = "slug"
    filterset_class = EDPFilter

    def get_queryset(self):
        return (
            EDP.objects.select_related("region", "owner")
            .annotate(submitted_ideas=Count("ideas", filter=Q(ideas__status=Idea.Status.SUBMITTED)))
            .order_by("-created_at")
        )


class PublicIdeaSerializer(serializers.ModelSerializer):
    edp = serializers.CharField(source="edp.slug", read_only=True)
    organisation = serializers.SerializerMethodField()
    full_text = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = ["id", "edp", "title", "summary", "helix", "organisation", "submitted_at", "full_text", "url"]

    def get_organisation(self, obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    def get_full_text(self, obj) -> dict | None:
        if not obj.full_text_public:
            return None
        return {
            "activity": obj.activity,
            "expected_impact": obj.expected_impact,
            "support_needed": obj.support_needed,
        }

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class IdeaFilter(filters.FilterSet):
    edp = filters.CharFilter(field_name="edp__slug")
    helix = filters.CharFilter()

    class Meta:
        model = Idea
        fields = ["edp", "helix"]


class PublicIdeaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PublicIdeaSerializer
    filterset_class = IdeaFilter

    def get_queryset(self):
        return (
            Idea.objects.filter(status=Idea.Status.SUBMITTED)
            .select_related("edp", "organisation")
            .order_by("-submitted_at", "-id")
        )


def register(router) -> None:
    router.register("edps", EDPViewSet, basename="edp")
    router.register("ideas", PublicIdeaViewSet, basename="idea")
