"""The Celery app reaches a real worker through the real Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from kla_metro.celery import app, ping


def test_settings_use_redis_and_do_not_run_tasks_eagerly():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert app.conf.task_always_eager is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_runs_on_a_real_worker():
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        result = ping.delay(41)
        assert result.get(timeout=20) == 42
        assert result.status == "SUCCESS"
