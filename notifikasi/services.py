"""Writes of notifications: create them for the people who must act, mark them read, send their e-mail
(one each, or one summary a day), and the users' e-mail choices."""

import contextlib
import contextvars
import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gugus_tugas.ics import rapat_ics
from gugus_tugas.merek import merek_get
from gugus_tugas.models import Rapat, User
from gugus_tugas.selectors import tindak_lanjut_perlu_diingatkan_list

from .models import Notifikasi, PengaturanNotifikasi, PreferensiNotifikasi
from .selectors import operator_opd_list
from .tasks import MAKS_PERCOBAAN, notifikasi_email_send_task

logger = logging.getLogger(__name__)

# The follow-up deadline kinds are e-mailed by gugus_tugas's daily reminder (one e-mail per OPD with every
# overdue and due-soon follow-up), so their notification is in the app only: no second e-mail.
JENIS_EMAIL_PENGINGAT = frozenset(
    {Notifikasi.Jenis.TINDAK_LANJUT_JATUH_TEMPO, Notifikasi.Jenis.TINDAK_LANJUT_TERLAMBAT}
)

# Follow-ups due within this many days are announced once.
HARI_JATUH_TEMPO = 3


# Set by email_pause(): notifications made meanwhile are shown in the app and never e-mailed.
_email_paused = contextvars.ContextVar("notifikasi_email_paused", default=False)


@contextlib.contextmanager
def email_pause():
    """Make notifications without their e-mail, e.g. while demo data is seeded: history is no news to send."""
    token = _email_paused.set(True)
    try:
        yield
    finally:
        _email_paused.reset(token)


class EmailGagal(OSError):
    """Some e-mails of a batch could not be sent; their rows keep the error and the task tries again."""


@dataclass(frozen=True)
class Pesan:
    """One object's news for its recipients: a short text and a link, never a victim's identity or a narrative."""

    penerima: list[User]
    judul: str
    tautan: str
    kunci: str


def notifikasi_create(
    *,
    penerima: Iterable[User],
    jenis: str,
    judul: str,
    tautan: str,
    kunci: str,
    kecuali: User | None = None,
    sekali: bool = False,
    jeda_hari: int = 1,
) -> list[Notifikasi]:
    """One notification per active recipient (not `kecuali`, who caused it), at most one a day per object
    (the database refuses a second); with `jeda_hari` n, at most one in n days; with `sekali`, one ever
    (news that does not repeat, such as a new follow-up).

    Each recipient's choices decide its e-mail: none, one now, or a line in the next morning's summary.
    The e-mail is sent by the worker after the caller's transaction commits; a queue or a mail server
    that is down only delays the e-mail, never the action that caused it.
    """
    return notifikasi_bulk_create(
        jenis=jenis,
        pesan=[Pesan(penerima=list(penerima), judul=judul, tautan=tautan, kunci=kunci)],
        kecuali=kecuali,
        sekali=sekali,
        jeda_hari=jeda_hari,
    )


def notifikasi_bulk_create(
    *, jenis: str, pesan: list[Pesan], kecuali: User | None = None, sekali: bool = False, jeda_hari: int = 1
) -> list[Notifikasi]:
    """notifikasi_create for many objects of one kind at once, in a fixed number of queries (the daily jobs)."""
    hari = timezone.localdate()
    wanted: dict[tuple[int, str], tuple[User, Pesan]] = {}
    for item in pesan:
        for user in item.penerima:
            if user.is_active and (kecuali is None or user.pk != kecuali.pk):
                wanted[(user.pk, item.kunci)] = (user, item)
    if not wanted:
        return []
    kunci = {k for _pk, k in wanted}
    users = {user.pk: user for user, _item in wanted.values()}
    sent = Notifikasi.objects.filter(penerima__in=list(users), jenis=jenis, kunci__in=kunci)
    if not sekali:
        sent = sent.filter(hari__gt=hari - datetime.timedelta(days=jeda_hari))
    already = set(sent.values_list("penerima_id", "kunci"))
    new = {key: value for key, value in wanted.items() if key not in already}
    if not new:
        return []
    status = _email_status_map(users=list({user.pk: user for user, _item in new.values()}.values()), jenis=jenis)
    rows = [
        Notifikasi(
            penerima_id=pk,
            jenis=jenis,
            judul=item.judul[:200],
            tautan=item.tautan,
            kunci=k,
            hari=hari,
            email_status=status[pk],
        )
        for (pk, k), (_user, item) in new.items()
    ]
    # A concurrent twin is dropped by the unique constraint; PostgreSQL then returns no ids, so the rows
    # whose e-mail waits are read back.
    Notifikasi.objects.bulk_create(rows, ignore_conflicts=True)
    created = [
        n
        for n in Notifikasi.objects.filter(
            penerima__in={pk for pk, _k in new}, jenis=jenis, kunci__in={k for _pk, k in new}, hari=hari
        )
        if (n.penerima_id, n.kunci) in new
    ]
    ids = [n.pk for n in created if n.email_status == Notifikasi.StatusEmail.ANTRI]
    if ids:
        transaction.on_commit(lambda: _email_enqueue(ids))
    return created


def _email_status_map(*, users: list[User], jenis: str) -> dict[int, str]:
    """Each recipient's e-mail for this kind: none (no address, switched off), now, or in the summary."""
    ids = [u.pk for u in users]
    off = set(
        PreferensiNotifikasi.objects.filter(pengguna__in=ids, jenis=jenis, email=False).values_list(
            "pengguna_id", flat=True
        )
    )
    summary = set(
        PengaturanNotifikasi.objects.filter(pengguna__in=ids, ringkasan_harian=True).values_list(
            "pengguna_id", flat=True
        )
    )
    result = {}
    for user in users:
        if not user.email or user.pk in off or jenis in JENIS_EMAIL_PENGINGAT or _email_paused.get():
            result[user.pk] = Notifikasi.StatusEmail.TIDAK
        elif user.pk in summary:
            result[user.pk] = Notifikasi.StatusEmail.RINGKASAN
        else:
            result[user.pk] = Notifikasi.StatusEmail.ANTRI
    return result


def _email_enqueue(ids: list[int]) -> None:
    try:
        notifikasi_email_send_task.delay(ids)
    except Exception as exc:  # the broker (or, run in-process, the mail server) is down: the notification stands
        logger.warning("E-mail notifikasi belum terkirim: %s: %s", type(exc).__name__, exc)


def _site_host() -> str:
    """The host named in a calendar entry's UID, as the .ics download names it."""
    host = urlsplit(getattr(settings, "SITE_URL", "") or "").hostname
    if host:
        return host
    allowed = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip(".*")]
    return allowed[0] if allowed else "localhost"


def _tautan_lengkap(tautan: str) -> str:
    base = settings.SITE_URL.rstrip("/") if getattr(settings, "SITE_URL", "") else ""
    return f"{base}{tautan}"


def _attachments(item: Notifikasi) -> list[tuple[str, str, str]]:
    """A meeting invitation carries the meeting's calendar entry (.ics)."""
    if item.jenis != Notifikasi.Jenis.UNDANGAN_RAPAT:
        return []
    rapat = (
        Rapat.objects.filter(pk=item.kunci.removeprefix("rapat:"))
        .select_related("penyelenggara")
        .prefetch_related("agenda")
        .first()
    )
    if rapat is None:
        return []
    return [(f"undangan-rapat-{rapat.pk}.ics", rapat_ics(rapat=rapat, host=_site_host()), "text/calendar")]


def _message_single(item: Notifikasi) -> EmailMessage:
    merek = merek_get()
    body = _(
        "%(judul)s\n\nBuka: %(tautan)s\n\nPesan ini dikirim otomatis oleh %(aplikasi)s. "
        "Ubah pilihan e-mail di %(pengaturan)s"
    ) % {
        "judul": item.judul,
        "tautan": _tautan_lengkap(item.tautan),
        "aplikasi": merek.nama,
        "pengaturan": _tautan_lengkap(reverse("notifikasi:pengaturan")),
    }
    message = EmailMessage(merek.subjek(item.judul), body, merek.pengirim(), [item.penerima.email])
    for attachment in _attachments(item):
        message.attach(*attachment)
    return message


def _galat(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def notifikasi_email_send(*, ids: list[int]) -> int:
    """Send the e-mail of each queued notification; returns how many were sent.

    Each row records its attempt (and the error); after MAKS_PERCOBAAN attempts a row is given up as
    failed. If any failed this time, EmailGagal is raised after the others are sent, so the task tries
    again later with the same ids (the sent ones are skipped).
    """
    sent, failed = 0, 0
    for pk in ids:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            item = (
                Notifikasi.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("penerima")
                .filter(pk=pk, email_status=Notifikasi.StatusEmail.ANTRI)
                .first()
            )
            if item is None:
                continue
            item.email_percobaan += 1
            try:
                _message_single(item).send()
            except Exception as exc:
                item.email_galat = _galat(exc)
                if item.email_percobaan >= MAKS_PERCOBAAN:
                    item.email_status = Notifikasi.StatusEmail.GAGAL
                failed += item.email_status == Notifikasi.StatusEmail.ANTRI
                logger.warning(
                    "E-mail notifikasi %s gagal (percobaan %s): %s", pk, item.email_percobaan, item.email_galat
                )
            else:
                item.email_status = Notifikasi.StatusEmail.TERKIRIM
                item.email_terkirim_pada = timezone.now()
                item.email_galat = ""
                sent += 1
            item.save(update_fields=["email_status", "email_percobaan", "email_galat", "email_terkirim_pada"])
    if failed:
        raise EmailGagal(f"{failed} e-mail notifikasi gagal dikirim; dicoba lagi")
    return sent


def notifikasi_ringkasan_send(*, tanggal: datetime.date | None = None) -> dict[str, int]:
    """Send each user who chose the daily summary one e-mail with every notification waiting for it.

    One transaction per user: the rows are locked, sent and marked together, so a second run (or a
    concurrent worker) sends nothing twice; a failure keeps them waiting for the next run, with the error.
    """
    tanggal = tanggal or timezone.localdate()
    hasil = {"terkirim": 0, "gagal": 0}
    waiting = Notifikasi.objects.filter(email_status=Notifikasi.StatusEmail.RINGKASAN)
    for user_id in sorted(set(waiting.values_list("penerima_id", flat=True))):
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            items = list(
                waiting.select_for_update(skip_locked=True, of=("self",))
                .filter(penerima_id=user_id)
                .select_related("penerima")
                .order_by("dibuat_pada", "id")
            )
            if not items:
                continue
            user = items[0].penerima
            fields = ["email_status", "email_percobaan", "email_galat", "email_terkirim_pada"]
            if not user.email or not user.is_active:
                for item in items:
                    item.email_status = Notifikasi.StatusEmail.TIDAK
                Notifikasi.objects.bulk_update(items, fields)
                continue
            try:
                _message_summary(user=user, items=items, tanggal=tanggal).send()
            except Exception as exc:
                for item in items:
                    item.email_percobaan += 1
                    item.email_galat = _galat(exc)
                hasil["gagal"] += 1
                logger.warning("Ringkasan notifikasi untuk pengguna %s gagal: %s", user_id, _galat(exc))
            else:
                now = timezone.now()
                for item in items:
                    item.email_percobaan += 1
                    item.email_status = Notifikasi.StatusEmail.TERKIRIM
                    item.email_terkirim_pada = now
                    item.email_galat = ""
                hasil["terkirim"] += 1
            Notifikasi.objects.bulk_update(items, fields)
    logger.info("Ringkasan notifikasi %s: %s", tanggal, hasil)
    return hasil


def _message_summary(*, user: User, items: list[Notifikasi], tanggal: datetime.date) -> EmailMessage:
    merek = merek_get()
    subject = ngettext(
        "Ringkasan notifikasi, %(tanggal)s: %(n)s notifikasi",
        "Ringkasan notifikasi, %(tanggal)s: %(n)s notifikasi",
        len(items),
    ) % {"tanggal": date_format(tanggal, "DATE_FORMAT"), "n": len(items)}
    lines = [f"- {item.judul}\n  {_tautan_lengkap(item.tautan)}" for item in items]
    body = "\n\n".join(
        [
            _("Notifikasi Anda sejak ringkasan sebelumnya:"),
            "\n".join(lines),
            _("Pesan ini dikirim otomatis oleh %(aplikasi)s. Ubah pilihan e-mail di %(pengaturan)s")
            % {"aplikasi": merek.nama, "pengaturan": _tautan_lengkap(reverse("notifikasi:pengaturan"))},
        ]
    )
    message = EmailMessage(merek.subjek(subject), body, merek.pengirim(), [user.email])
    for item in items:
        for attachment in _attachments(item):
            message.attach(*attachment)
    return message


def notifikasi_email_requeue(*, lebih_lama_dari: datetime.timedelta = datetime.timedelta(hours=1)) -> int:
    """Queue again the e-mails still waiting long after they were made (the broker was down then)."""
    ids = list(
        Notifikasi.objects.filter(
            email_status=Notifikasi.StatusEmail.ANTRI, dibuat_pada__lt=timezone.now() - lebih_lama_dari
        ).values_list("pk", flat=True)[:1000]
    )
    if ids:
        _email_enqueue(ids)
    return len(ids)


@transaction.atomic
def preferensi_set(*, user: User, email_jenis: Iterable[str], ringkasan_harian: bool) -> None:
    """Set the user's own e-mail choices: the kinds to e-mail (the others in the app only), and the summary."""
    wanted = set(email_jenis)
    PengaturanNotifikasi.objects.update_or_create(pengguna=user, defaults={"ringkasan_harian": ringkasan_harian})
    for jenis in set(Notifikasi.Jenis.values) - JENIS_EMAIL_PENGINGAT:
        PreferensiNotifikasi.objects.update_or_create(pengguna=user, jenis=jenis, defaults={"email": jenis in wanted})
    # E-mails not yet sent follow the new choice.
    waiting = Notifikasi.objects.filter(
        penerima=user, email_status__in=[Notifikasi.StatusEmail.ANTRI, Notifikasi.StatusEmail.RINGKASAN]
    )
    waiting.exclude(jenis__in=wanted).update(email_status=Notifikasi.StatusEmail.TIDAK)
    if ringkasan_harian:
        waiting.filter(jenis__in=wanted).update(email_status=Notifikasi.StatusEmail.RINGKASAN)


def tindak_lanjut_tenggat_notify(*, tanggal: datetime.date | None = None) -> dict[str, int]:
    """Tell each owner OPD's operators of its follow-ups due within HARI_JATUH_TEMPO days (once) and of the
    overdue ones (once a week while overdue). In the app only: the daily reminder e-mail lists them."""
    tanggal = tanggal or timezone.localdate()
    grouped = tindak_lanjut_perlu_diingatkan_list(tanggal=tanggal)
    operators = defaultdict(list)
    for user in operator_opd_list(opd=[opd.pk for opd in grouped]):
        operators[user.opd_id].append(user)
    due, late = [], []
    for opd, items in grouped.items():
        for item in items:
            sisa = (item.batas_waktu - tanggal).days
            teks = {"n": -sisa, "batas": date_format(item.batas_waktu, "DATE_FORMAT"), "uraian": item.uraian[:120]}
            if sisa < 0:
                judul = _("Tindak lanjut terlambat %(n)s hari (batas %(batas)s): %(uraian)s") % teks
            elif sisa <= HARI_JATUH_TEMPO:
                judul = _("Tindak lanjut jatuh tempo %(batas)s: %(uraian)s") % teks
            else:
                continue
            (late if sisa < 0 else due).append(
                Pesan(
                    penerima=operators[opd.pk],
                    judul=judul,
                    tautan=reverse("gugus_tugas:tindak_lanjut_detail", args=[item.pk]),
                    kunci=f"tindak_lanjut:{item.pk}",
                )
            )
    return {
        "jatuh_tempo": len(
            notifikasi_bulk_create(jenis=Notifikasi.Jenis.TINDAK_LANJUT_JATUH_TEMPO, pesan=due, sekali=True)
        ),
        "terlambat": len(
            notifikasi_bulk_create(jenis=Notifikasi.Jenis.TINDAK_LANJUT_TERLAMBAT, pesan=late, jeda_hari=7)
        ),
    }


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
