"""One filter set for the public directory page and the API, so both accept
the same parameters and mean the same thing."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Helix, OrganisationKind
from .models import Organisation, Region


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    helix = django_filters.ChoiceFilter(label=_("Helix"), choices=Helix.choices, empty_label=_("All helices"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    verified = django_filters.BooleanFilter(label=_("Verified only"), method="only_verified")

    class Meta:
        model = Organisation
        fields = ["q", "helix", "kind", "region", "verified"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_ru__icontains=value)
            | Q(name_kk__icontains=value)
            | Q(description_en__icontains=value)
            | Q(description_ru__icontains=value)
            | Q(description_kk__icontains=value)
            | Q(bin=value)
        )

    def only_verified(self, queryset, name, value):
        if value:
            return queryset.filter(verification=Organisation.Verification.VERIFIED)
        return queryset
