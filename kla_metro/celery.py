"""The Celery app: broker and result backend from REDIS_URL, eager when it is unset."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings")

app = Celery("kla_metro")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="kla_metro.ping")
def ping(value: int) -> int:
    """Round-trip check for the worker: returns value + 1."""
    return value + 1
