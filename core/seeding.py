"""Idempotent upsert for demo and reference data: writes only when a value differs."""

from django.db import models


def upsert(model: type[models.Model], *, defaults: dict | None = None, **lookup) -> tuple[models.Model, bool]:
    """Like update_or_create, but an unchanged row is not saved, so no history row is written."""
    defaults = defaults or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save(update_fields=[model._meta.get_field(name).name for name in changed])
    return obj, False
