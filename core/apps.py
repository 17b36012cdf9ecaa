"""The bottom layer: shared mechanics without domain (storage, uploads, PDFs, spreadsheets, guards, tags)."""

from django.apps import AppConfig


def _sweep(**kwargs):
    from .storage import berkas_rollback_sweep

    berkas_rollback_sweep()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from celery.signals import task_postrun
        from django.core.signals import request_finished

        # Files of a rolled-back transaction go when the request or task that wrote them ends.
        request_finished.connect(_sweep, dispatch_uid="berkas_rollback_sweep")
        task_postrun.connect(_sweep, weak=False, dispatch_uid="berkas_rollback_sweep")
