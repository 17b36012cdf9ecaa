"""Template tags for PDF templates: static files as local file URIs, so WeasyPrint never fetches URLs."""

from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

register = template.Library()


@register.simple_tag
def static_file_uri(path: str) -> str:
    """file:// URI of a static file found by the staticfiles finders (works before collectstatic)."""
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"Berkas statis {path} tidak ditemukan.")
    return Path(found).resolve().as_uri()
