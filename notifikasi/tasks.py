"""Celery tasks of notifications: the e-mail, with retries; a failed e-mail never undoes the notification."""

from celery import shared_task


@shared_task(
    name="notifikasi.email",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_kwargs={"max_retries": 5},
    acks_late=True,
)
def notifikasi_email_send_task(ids: list[int]) -> int:
    from .services import notifikasi_email_send

    return notifikasi_email_send(ids=ids)
