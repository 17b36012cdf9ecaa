"""List filters on django-filter: the shared free-text search, choices read as values, the rule for bad values."""

import django_filters
from django import forms
from django.db.models import Q
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

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


class _NilaiIterator(ModelChoiceIterator):
    """The options as (pk, label) from plain values: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        label_format = self.field.label_format
        for pk, *values in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, label_format.format(*values))


class _NilaiField(ModelChoiceField):
    iterator = _NilaiIterator

    def __init__(self, *args, label_fields: tuple[str, ...], label_format: str, **kwargs):
        self.label_fields = label_fields
        self.label_format = label_format
        super().__init__(*args, **kwargs)


class PilihanFilter(django_filters.ModelChoiceFilter):
    """A model choice whose options are read as values: `label_format` over `label_fields` is each label.

    The label must read as the model's __str__ (a test says so for each use): a filter form draws dozens
    of options on every request, and building a model instance for each costs more than the query.
    A chosen value is still looked up and given as a model instance, as ModelChoiceFilter does.
    """

    field_class = _NilaiField
