"""Background jobs of the case records: the daily check of the access log's hash chain."""

from celery import shared_task

from .services import akses_log_check


@shared_task(name="kasus.akses_log_verify")
def akses_log_verify() -> dict[str, int]:
    """Walk the chain; a broken one e-mails the secretariat. Read-only, so safe to run again."""
    return akses_log_check()
