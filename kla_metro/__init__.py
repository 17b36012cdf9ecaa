"""KLA Metro project package: settings, URLs, Celery app; no domain models."""

from .celery import app as celery_app

__all__ = ["celery_app"]
