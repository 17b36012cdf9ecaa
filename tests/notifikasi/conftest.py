"""Notification fixtures: the Dinas Kesehatan's RAD action, an open and a closed quarter, in-process tasks."""

import pytest
from django.conf import settings

from kla_metro.celery import app
from tests.rad_kla.conftest import periode_terbuka, periode_tertutup, rencana

__all__ = ["periode_terbuka", "periode_tertutup", "rencana"]


class BrokenEmailBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def eager():
    """Tasks run in this process, retries included, as with `make run` (no broker)."""
    propagates = app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    # A propagated Retry would end the eager run; returned, it makes apply() run the retry.
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    app.conf.task_eager_propagates = propagates


@pytest.fixture
def broken_email(settings):
    settings.EMAIL_BACKEND = "tests.notifikasi.conftest.BrokenEmailBackend"
