"""List filters on django-filter: the shared free-text search and the rule for bad filter values."""

import django_filters
from django import forms
from django.db.models import Q

from .forms import PencarianField


class PencarianFilter(django_filters.CharFilter):
    """Free text over several fields (icontains on each), cleaned by PencarianField."""

    field_class = PencarianField

    def __init__(self, *, fields: list[str], **kwargs):
        super().__init__(**kwargs)
        self.search_fields = fields

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for name in self.search_fields:
            condition |= Q(**{f"{name}__icontains": value})
        return qs.filter(condition)


class Penyaring(django_filters.FilterSet):
    """A list's filters: a bad value is ignored (and shown on the form), the other filters still apply."""

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def filter_queryset(self, queryset):
        """`queryset` narrowed by every valid filter; the form is checked once, however often this runs."""
        if not self.is_bound:
            return queryset
        self.form.is_valid()
        for name, value in self.form.cleaned_data.items():
            if name not in self.form.errors:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def nilai(self, name: str):
        """The cleaned value of one filter, or its empty value when invalid or absent."""
        self.form.is_valid()
        if name in self.form.errors:
            return self.form.fields[name].to_python(None)
        return self.form.cleaned_data.get(name, self.form.fields[name].to_python(None))


class CentangFilter(django_filters.BooleanFilter):
    """A checkbox: ticked applies the filter, unticked leaves the list whole."""

    field_class = forms.BooleanField
