"""Read-only API of the public stakeholder directory."""

from rest_framework import permissions, serializers, viewsets

from . import selectors
from .filters import OrganisationFilter
from .models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    helix_display = serializers.CharField(source="get_helix_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_verified = serializers.BooleanField(read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    representatives = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "name_en",
            "name_ru",
            "name_kk",
            "helix",
            "helix_display",
            "kind",
            "kind_display",
            "region",
            "region_name",
            "bin",
            "website",
            "description",
            "verification",
            "is_verified",
            "member_count",
            "representatives",
        ]

    def get_representatives(self, obj) -> list[str]:
        # Public names only: never email addresses.
        return [m.user.public_name for m in obj.representatives]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.organisation_directory()


def register(router) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")
