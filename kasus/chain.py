"""The keyed hash chain of the access log: each row's HMAC covers its content and the previous row's HMAC.

A row removed behind the database's back (trigger switched off, restored dump) leaves a gap in
`urutan` and a broken link; a row changed leaves a hash that no longer matches. Without
AKSES_LOG_KEY nobody can write a replacement row that passes.
"""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .models import AksesLog

# Any constant works; it only has to be the same in every process that writes log rows.
CHAIN_LOCK_ID = 0x4B4C41
CHUNK = 2000


def akses_log_digest(row) -> str:
    """HMAC-SHA256 of the row's chained content; `row` is an AksesLog or a migration's historical copy."""
    content = json.dumps(
        [
            row.urutan,
            row.waktu.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            row.pengguna_id,
            row.kasus_id,
            row.aksi,
            row.jenis_alasan,
            row.alasan,
            row.keterangan,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    message = f"{row.hash_sebelum}\n{content}".encode()
    return hmac.new(settings.AKSES_LOG_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass
class RantaiHasil:
    """What a walk over the chain found."""

    jumlah: int = 0
    masalah: list[str] = field(default_factory=list)
    kepala: tuple[int, str] | None = None

    @property
    def utuh(self) -> bool:
        return not self.masalah


def akses_log_verify(*, kepala: tuple[int, str] | None = None) -> RantaiHasil:
    """Walk the whole log in chain order and report every gap, broken link and changed row.

    Rows cut from the end leave no gap; `kepala` (an urutan and hash recorded earlier, e.g. from
    the last run's output) must still be in the chain with the same hash.
    """
    hasil = RantaiHasil()
    expected, sebelum = 1, ""
    seen_kepala = False
    for row in AksesLog.objects.order_by("urutan").iterator(chunk_size=CHUNK):
        hasil.jumlah += 1
        if row.urutan != expected:
            hasil.masalah.append(
                _("Baris %(dari)s sampai %(sampai)s hilang.") % {"dari": expected, "sampai": row.urutan - 1}
                if row.urutan > expected
                else _("Baris %(n)s muncul dua kali atau tidak berurutan.") % {"n": row.urutan}
            )
        if row.hash_sebelum != sebelum:
            hasil.masalah.append(_("Baris %(n)s tidak tersambung ke baris sebelumnya.") % {"n": row.urutan})
        if not hmac.compare_digest(akses_log_digest(row), row.hash):
            hasil.masalah.append(_("Isi baris %(n)s (id %(id)s) telah diubah.") % {"n": row.urutan, "id": row.pk})
        if kepala and row.urutan == kepala[0]:
            seen_kepala = True
            if row.hash != kepala[1]:
                hasil.masalah.append(_("Baris %(n)s tidak sama dengan kepala rantai yang dicatat.") % {"n": row.urutan})
        expected, sebelum = row.urutan + 1, row.hash
        hasil.kepala = (row.urutan, row.hash)
    if kepala and not seen_kepala:
        hasil.masalah.append(
            _("Kepala rantai yang dicatat (baris %(n)s) tidak ada lagi: baris terakhir telah dihapus.")
            % {"n": kepala[0]}
        )
    return hasil
