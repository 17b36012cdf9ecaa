"""The bottom layer: shared mechanics without domain (storage, uploads, PDFs, spreadsheets, guards, tags)."""

import time

from django.apps import AppConfig


def _session_renewed(*, request, **kwargs):
    from .middleware import SessionRenewalMiddleware

    # A login writes the session anyway: count it as the renewal, so the next page view writes nothing.
    request.session[SessionRenewalMiddleware.KEY] = int(time.time())


def _sweep(**kwargs):
    from .storage import berkas_rollback_sweep

    berkas_rollback_sweep()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from celery.signals import task_postrun
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished

        user_logged_in.connect(_session_renewed, dispatch_uid="session_renewed_at_login")
        # Files of a rolled-back transaction go when the request or task that wrote them ends.
        request_finished.connect(_sweep, dispatch_uid="berkas_rollback_sweep")
        task_postrun.connect(_sweep, weak=False, dispatch_uid="berkas_rollback_sweep")
