"""Writes of notifications: create them for the people who must act, mark them read, send their e-mail."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gugus_tugas.merek import merek_get
from gugus_tugas.models import User

from .models import Notifikasi
from .tasks import notifikasi_email_send_task

logger = logging.getLogger(__name__)


def notifikasi_create(
    *,
    penerima: Iterable[User],
    jenis: str,
    judul: str,
    tautan: str,
    kunci: str,
    kecuali: User | None = None,
    sekali: bool = False,
) -> list[Notifikasi]:
    """One notification per active recipient (not `kecuali`, who caused it), at most one a day per object
    (with `sekali`, one ever: news that does not repeat, such as a new follow-up).

    Its e-mail is sent by the worker after the caller's transaction commits; a queue that is down only
    delays the e-mail, never the action that caused it.
    """
    hari = timezone.localdate()
    users = {u.pk: u for u in penerima if u.is_active and (kecuali is None or u.pk != kecuali.pk)}
    if not users:
        return []
    sent = Notifikasi.objects.filter(penerima__in=list(users), jenis=jenis, kunci=kunci)
    already = set((sent if sekali else sent.filter(hari=hari)).values_list("penerima_id", flat=True))
    rows = [
        Notifikasi(penerima_id=pk, jenis=jenis, judul=judul[:200], tautan=tautan, kunci=kunci, hari=hari)
        for pk in users
        if pk not in already
    ]
    created = Notifikasi.objects.bulk_create(rows, ignore_conflicts=True)
    ids = [n.pk for n in created if n.pk and users[n.penerima_id].email]
    if ids:
        transaction.on_commit(lambda: _email_enqueue(ids))
    return created


def _email_enqueue(ids: list[int]) -> None:
    try:
        notifikasi_email_send_task.delay(ids)
    except Exception as exc:  # the broker is down: the in-app notification stands, the e-mail waits
        logger.warning("Antrean e-mail notifikasi tidak tersedia: %s: %s", type(exc).__name__, exc)


def notifikasi_email_send(*, ids: list[int]) -> int:
    """Send the e-mail of each notification not sent yet; returns how many were sent."""
    sent = 0
    base = settings.SITE_URL.rstrip("/") if getattr(settings, "SITE_URL", "") else ""
    merek = merek_get()
    for item in Notifikasi.objects.filter(pk__in=ids, email_terkirim_pada__isnull=True).select_related("penerima"):
        body = _("%(judul)s\n\nBuka: %(tautan)s\n\nPesan ini dikirim otomatis oleh %(aplikasi)s.") % {
            "judul": item.judul,
            "tautan": f"{base}{item.tautan}",
            "aplikasi": merek.nama,
        }
        send_mail(merek.subjek(item.judul), body, merek.pengirim(), [item.penerima.email])
        Notifikasi.objects.filter(pk=item.pk).update(email_terkirim_pada=timezone.now())
        sent += 1
    return sent


def notifikasi_read(*, notifikasi: Notifikasi, by: User) -> Notifikasi:
    """Mark one of the reader's own notifications read."""
    if notifikasi.penerima_id != by.pk:
        raise Notifikasi.DoesNotExist
    if notifikasi.dibaca_pada is None:
        notifikasi.dibaca_pada = timezone.now()
        notifikasi.save(update_fields=["dibaca_pada"])
    return notifikasi


def notifikasi_read_all(*, by: User) -> int:
    """Mark every unread notification of the reader read; returns how many."""
    return Notifikasi.objects.filter(penerima=by, dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())
