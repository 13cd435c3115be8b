"""Read-only public API of councils: composition, members, published opinions."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import permissions, serializers, viewsets

from . import selectors
from .models import Council, CouncilMember, Opinion, Recommendation


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.public_name", read_only=True)
    organisation = serializers.CharField(source="organisation.name", default=None, read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["name", "organisation", "helix", "role", "selected_by", "joined_on"]


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["text", "answer", "answer_reason", "answered_at"]


class OpinionSerializer(serializers.ModelSerializer):
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Opinion
        fields = [
            "id",
            "subject_title",
            "subject_version",
            "status",
            "position",
            "text",
            "published_at",
            "recommendations",
        ]


class CouncilSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    members = serializers.SerializerMethodField()
    opinions = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Council
        fields = [
            "slug",
            "name",
            "name_en",
            "name_ru",
            "name_kk",
            "region",
            "url",
            "mandate",
            "seats",
            "expenses_budget_kzt",
            "civil_min_numerator",
            "civil_min_denominator",
            "official_max_numerator",
            "official_max_denominator",
            "business_counts_as_civil",
            "academia_counts_as_civil",
            "members",
            "opinions",
        ]

    def get_members(self, council) -> list[dict]:
        return MemberSerializer(council.sitting_members, many=True).data

    def get_opinions(self, council) -> list[dict]:
        return OpinionSerializer(council.public_opinions, many=True).data


class CouncilViewSet(viewsets.ReadOnlyModelViewSet):
    """Every council with its sitting members and published opinions, in a
    fixed number of queries whatever the number of councils."""

    serializer_class = CouncilSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.council_list().prefetch_related(
            Prefetch(
                "members",
                queryset=CouncilMember.objects.filter(status=CouncilMember.Status.ACTIVE)
                .select_related("user", "organisation")
                .order_by("role", "joined_on", "id"),
                to_attr="sitting_members",
            ),
            Prefetch(
                "opinions",
                queryset=Opinion.objects.filter(status__in=selectors.PUBLIC_OPINIONS)
                .prefetch_related("recommendations")
                .order_by("-published_at", "-id"),
                to_attr="public_opinions",
            ),
        )


def register(router) -> None:
    router.register("councils", CouncilViewSet, basename="council")
