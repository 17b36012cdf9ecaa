"""Celery tasks of the shared mechanics: the daily orphan-file sweep."""

from celery import shared_task

from .storage import berkas_yatim_delete


@shared_task(name="core.berkas_yatim_delete")
def berkas_yatim_delete_task() -> int:
    return len(berkas_yatim_delete())
