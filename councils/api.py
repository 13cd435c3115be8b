"""Read-only public API of councils: composition, members, published opinions."""

from __future__ import annotations

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
        return MemberSerializer(selectors.members_of(selectors.term_current(council)), many=True).data

    def get_opinions(self, council) -> list[dict]:
        return OpinionSerializer(
            selectors.opinions_of(council, include_unpublished=False).prefetch_related("recommendations"), many=True
        ).data


class CouncilViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CouncilSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.council_list()


def register(router) -> None:
    router.register("councils", CouncilViewSet, basename="council")
