"""Reads of the organisation: the region profile, the Gugus Tugas in force, users, meetings, follow-ups."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from core.queries import count_subquery, sql_rows, sql_value

from .models import (
    OPD,
    AnggotaGugusTugas,
    AuditPengguna,
    BuktiTindakLanjut,
    Kehadiran,
    Keputusan,
    NamaLainOPD,
    Peran,
    ProfilDaerah,
    Rapat,
    SKGugusTugas,
    TindakLanjut,
    Undangan,
    User,
    Wilayah,
)

# A follow-up is "due soon" (reminded, highlighted) this many days before its deadline.
HARI_MENJELANG_BATAS = 7


def profil_daerah_get() -> ProfilDaerah | None:
    return ProfilDaerah.objects.select_related("predikat_saat_ini", "predikat_target").first()


def sk_gugus_tugas_list() -> QuerySet[SKGugusTugas]:
    """All decrees, newest first, each with its members in one extra query."""
    anggota = AnggotaGugusTugas.objects.select_related("opd", "klaster").order_by("urutan", "id")
    return SKGugusTugas.objects.prefetch_related(Prefetch("anggota", queryset=anggota))


def sk_gugus_tugas_berlaku_get(*, on=None, anggota: bool = True) -> SKGugusTugas | None:
    """The decree in force on a date: the newest one that has started and not ended.

    anggota=False leaves its members unread and reads the decree in one fixed statement (for the
    dashboard, which shows only the decree).
    """
    day = on or timezone.localdate()
    if not anggota:
        sql = f"""
            SELECT * FROM {SKGugusTugas._meta.db_table}
            WHERE berlaku_mulai <= %s AND (berlaku_sampai IS NULL OR berlaku_sampai >= %s)
            ORDER BY berlaku_mulai DESC, id LIMIT 1
        """  # noqa: S608 - table name from the model, values as parameters
        return next(iter(SKGugusTugas.objects.raw(sql, [day, day])), None)
    return (
        sk_gugus_tugas_list()
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=day), berlaku_mulai__lte=day)
        .order_by("-berlaku_mulai")
        .first()
    )


def pengguna_list() -> QuerySet[User]:
    """Every account by role, then username; gugus_tugas.filters narrows the list page."""
    return User.objects.select_related("opd", "klaster").order_by("peran", "username")


def pengguna_get(*, pk: int) -> User:
    """One account, active or not; User.DoesNotExist when there is none."""
    return User.objects.select_related("opd", "klaster").get(pk=pk)


def audit_pengguna_list(*, pengguna: User | None = None) -> QuerySet[AuditPengguna]:
    """Every account change (role, rights, password, invitation, second factor), newest first; or one account's."""
    qs = AuditPengguna.objects.order_by("-dicatat_pada", "-id")
    return qs.filter(pengguna=pengguna) if pengguna is not None else qs


def opd_petugas_data_list() -> QuerySet[OPD]:
    """Every OPD, active first, with its petugas data and deputy."""
    return OPD.objects.select_related("petugas_data", "wakil_petugas_data").order_by("-aktif", "nama")


def opd_list() -> QuerySet[OPD]:
    return OPD.objects.filter(aktif=True)


def opd_get(*, pk: int) -> OPD:
    """One OPD, active or not; OPD.DoesNotExist when there is none."""
    return OPD.objects.get(pk=pk)


def _nama_kunci(nama: str) -> str:
    return " ".join(str(nama).split()).casefold()


def opd_nama_list() -> list[tuple[str, OPD]]:
    """Every name an active OPD goes by (abbreviation, full name, other spellings) as a matching key, in two queries.

    Keys are case- and spacing-insensitive. An OPD's own names come after the other spellings, so a
    dict built from the list lets them win if an alias ever equals another OPD's name.
    """
    opd = {o.pk: o for o in opd_list()}
    pairs = [
        (_nama_kunci(nama), opd[opd_id])
        for opd_id, nama in NamaLainOPD.objects.filter(opd__in=opd.values()).values_list("opd_id", "nama")
    ]
    for item in opd.values():
        pairs += [(_nama_kunci(item.nama), item), (_nama_kunci(item.singkatan), item)]
    return pairs


def opd_get_by_name(*, nama: str) -> OPD | None:
    """The active OPD a document names, by abbreviation, full name or a recorded other spelling; None if unknown."""
    kunci = " ".join(str(nama).split())
    if not kunci:
        return None
    return (
        opd_list()
        .filter(Q(singkatan__iexact=kunci) | Q(nama__iexact=kunci) | Q(nama_lain__nama__iexact=kunci))
        .annotate(
            lewat_nama_lain=Case(
                When(Q(singkatan__iexact=kunci) | Q(nama__iexact=kunci), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("lewat_nama_lain", "pk")
        .first()
    )


def wilayah_label_get() -> str:
    """The heading for the region's villages as its wilayah have them: Kelurahan, Desa, or Desa/Kelurahan.

    For a column, filter or export header that names a village of any jenis: a kota with only
    kelurahan reads "Kelurahan", a kabupaten with both "Desa/Kelurahan". With none recorded yet,
    the neutral "Desa/Kelurahan".
    """
    jenis = set(
        Wilayah.objects.exclude(jenis=Wilayah.Jenis.KECAMATAN).values_list("jenis", flat=True).distinct().order_by()
    )
    if jenis == {Wilayah.Jenis.KELURAHAN}:
        return _("Kelurahan")
    if jenis == {Wilayah.Jenis.DESA}:
        return _("Desa")
    return _("Desa/Kelurahan")


def wilayah_list() -> QuerySet[Wilayah]:
    """Every kecamatan, kelurahan and desa, in one query."""
    return Wilayah.objects.all()


def kecamatan_list() -> QuerySet[Wilayah]:
    kelurahan = Wilayah.objects.filter(jenis__in=[Wilayah.Jenis.KELURAHAN, Wilayah.Jenis.DESA]).order_by("nama")
    return (
        Wilayah.objects.filter(jenis=Wilayah.Jenis.KECAMATAN)
        .prefetch_related(Prefetch("bagian", queryset=kelurahan))
        .order_by("nama")
    )


def opd_master_list(*, q: str = "", aktif: bool | None = None) -> QuerySet[OPD]:
    """Every OPD for the master-data page, active first, searched in its names and other names, with the latter."""
    qs = OPD.objects.prefetch_related(Prefetch("nama_lain", queryset=NamaLainOPD.objects.order_by("nama")))
    if q:
        cocok = NamaLainOPD.objects.filter(nama__icontains=q).values("opd_id")
        qs = qs.filter(Q(nama__icontains=q) | Q(singkatan__icontains=q) | Q(pk__in=cocok))
    if aktif is not None:
        qs = qs.filter(aktif=aktif)
    return qs.order_by("-aktif", "nama")


def opd_master_get(*, pk: int) -> OPD:
    """One OPD, active or not, with its other names; OPD.DoesNotExist when there is none."""
    return OPD.objects.prefetch_related("nama_lain").get(pk=pk)


def kecamatan_master_list(*, q: str = "") -> QuerySet[Wilayah]:
    """Kecamatan with their desa/kelurahan in two queries; a search keeps a kecamatan whose name or any part matches.

    A matching kecamatan shows all its parts; otherwise only the parts that match.
    """
    bagian = Wilayah.objects.exclude(jenis=Wilayah.Jenis.KECAMATAN).order_by("nama")
    qs = Wilayah.objects.filter(jenis=Wilayah.Jenis.KECAMATAN)
    if q:
        nama_cocok = Q(nama__icontains=q) | Q(kode__icontains=q)
        qs = qs.filter(nama_cocok | Q(pk__in=bagian.filter(nama_cocok).values("induk_id")))
        bagian = bagian.filter(nama_cocok | Q(induk__nama__icontains=q) | Q(induk__kode__icontains=q))
    return qs.prefetch_related(Prefetch("bagian", queryset=bagian)).order_by("nama")


def wilayah_get(*, pk: int) -> Wilayah:
    """One kecamatan, desa or kelurahan; Wilayah.DoesNotExist when there is none."""
    return Wilayah.objects.select_related("induk").get(pk=pk)


def rapat_visible(*, user: User | None = None, published_only: bool = False) -> QuerySet[Rapat]:
    """Meetings the user may open: the secretariat sees drafts too, everyone else only published ones.

    published_only=True gives the published ones whoever reads: what a report shows, with no reader.
    """
    qs = Rapat.objects.all()
    if published_only or user.peran != Peran.ADMIN_SEKRETARIAT:
        qs = qs.exclude(status=Rapat.Status.DRAFT)
    return qs


def rapat_list(
    *,
    user: User | None = None,
    published_only: bool = False,
    status: str = "",
    tahun: int | None = None,
) -> QuerySet[Rapat]:
    """Meetings newest first with their invitation and follow-up counts, in one query (reader: rapat_visible).

    The counts are subqueries: a page of the list counts the follow-ups of its own rows only.
    """
    hari_ini = timezone.localdate()
    qs = (
        rapat_visible(user=user, published_only=published_only)
        .select_related("penyelenggara", "klaster")
        .annotate(
            jumlah_undangan=count_subquery(Undangan.objects.all(), "rapat"),
            jumlah_tindak_lanjut=count_subquery(TindakLanjut.objects.all(), "rapat"),
            jumlah_terlambat=count_subquery(
                TindakLanjut.objects.filter(batas_waktu__lt=hari_ini).exclude(status=TindakLanjut.Status.SELESAI),
                "rapat",
            ),
        )
        .order_by("-mulai", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if tahun is not None:
        qs = qs.filter(mulai__year=tahun)
    return qs


def rapat_get(*, user: User | None = None, pk: int, published_only: bool = False) -> Rapat:
    """One meeting with everything its page and minutes show; Rapat.DoesNotExist if the reader may not see it."""
    undangan = Undangan.objects.select_related("opd", "kehadiran").order_by("opd__nama", "nama")
    tindak_lanjut = TindakLanjut.objects.select_related("opd", "klaster", "indikator").annotate(
        jumlah_bukti=Count("bukti")
    )
    return (
        rapat_visible(user=user, published_only=published_only)
        .select_related("penyelenggara", "klaster", "ditutup_oleh")
        .prefetch_related(
            "agenda",
            Prefetch("undangan", queryset=undangan),
            "keputusan",
            Prefetch("tindak_lanjut", queryset=tindak_lanjut.order_by("batas_waktu", "id")),
            "addendum__dibuat_oleh",
            "lampiran__diunggah_oleh",
        )
        .get(pk=pk)
    )


def tindak_lanjut_list(
    *,
    user: User | None = None,
    published_only: bool = False,
    status: str = "",
    terlambat: bool = False,
    tahun: int | None = None,
) -> QuerySet[TindakLanjut]:
    """Follow-ups of the meetings the reader may open (rapat_visible): open ones by nearest (or most overdue)
    deadline, finished ones last; `tahun` is the year of their meeting."""
    hari_ini = timezone.localdate()
    qs = (
        TindakLanjut.objects.filter(rapat__in=rapat_visible(user=user, published_only=published_only))
        .select_related("rapat", "opd", "klaster", "indikator")
        .annotate(
            jumlah_bukti=count_subquery(BuktiTindakLanjut.objects.all(), "tindak_lanjut"),
            sudah_selesai=Case(
                When(status=TindakLanjut.Status.SELESAI, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .order_by("sudah_selesai", "batas_waktu", "id")
    )
    if status:
        qs = qs.filter(status=status)
    if terlambat:
        qs = qs.filter(batas_waktu__lt=hari_ini).exclude(status=TindakLanjut.Status.SELESAI)
    if tahun is not None:
        qs = qs.filter(rapat__mulai__year=tahun)
    return qs


def rapat_mendatang_list(*, jumlah: int) -> list[dict]:
    """The next `jumlah` scheduled meetings from today on, soonest first, in one fixed statement.

    Scheduled meetings are published, so every reader may open them (see rapat_visible).
    """
    hari_ini = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    sql = f"""
        SELECT id, judul, mulai, tempat FROM {Rapat._meta.db_table}
        WHERE status = %s AND mulai >= %s ORDER BY mulai, id DESC LIMIT %s
    """  # noqa: S608 - table name from the model, values as parameters
    params = [Rapat.Status.TERJADWAL, connection.ops.adapt_datetimefield_value(hari_ini), jumlah]
    field = Rapat._meta.get_field("mulai")
    return [
        {"pk": pk, "judul": judul, "mulai": sql_value(field, mulai), "tempat": tempat}
        for pk, judul, mulai, tempat in sql_rows(sql, params)
    ]


def tindak_lanjut_terlambat_get(*, user: User, jumlah: int, klaster_id: int | None = None) -> tuple[list[dict], int]:
    """The first `jumlah` overdue follow-ups of the meetings the reader may open, by deadline, and how many
    there are (of one cluster when given), in one fixed statement: the dashboard shows them on every visit.

    The same follow-ups as tindak_lanjut_list(user=user, terlambat=True), in the same order.
    """
    where = ["t.batas_waktu < %s", "t.status <> %s"]
    params: list = [timezone.localdate(), TindakLanjut.Status.SELESAI]
    if user.peran != Peran.ADMIN_SEKRETARIAT:
        where.append("r.status <> %s")
        params.append(Rapat.Status.DRAFT)
    if klaster_id:
        where.append("t.klaster_id = %s")
        params.append(klaster_id)
    sql = f"""
        SELECT t.id, t.uraian, o.singkatan, t.batas_waktu, COUNT(*) OVER ()
        FROM {TindakLanjut._meta.db_table} t
        JOIN {Rapat._meta.db_table} r ON r.id = t.rapat_id
        JOIN {OPD._meta.db_table} o ON o.id = t.opd_id
        WHERE {" AND ".join(where)}
        ORDER BY t.batas_waktu, t.id
        LIMIT %s
    """  # noqa: S608 - table names from the models, values as parameters
    rows = sql_rows(sql, [*params, jumlah])
    field = TindakLanjut._meta.get_field("batas_waktu")
    baris = [
        {"pk": pk, "uraian": uraian, "opd__singkatan": singkatan, "batas_waktu": sql_value(field, batas)}
        for pk, uraian, singkatan, batas, _total in rows
    ]
    return baris, rows[0][4] if rows else 0


def tindak_lanjut_get(*, user: User, pk: int) -> TindakLanjut:
    """One follow-up of a meeting the reader may open; TindakLanjut.DoesNotExist otherwise."""
    bukti = BuktiTindakLanjut.objects.select_related("diunggah_oleh")
    return (
        TindakLanjut.objects.filter(rapat__in=rapat_visible(user=user))
        .select_related("rapat", "opd", "klaster", "indikator", "diperbarui_oleh")
        .prefetch_related(Prefetch("bukti", queryset=bukti))
        .get(pk=pk)
    )


def tindak_lanjut_perlu_diingatkan_list(*, tanggal: datetime.date) -> dict[OPD, list[TindakLanjut]]:
    """Open follow-ups of published meetings that are overdue or due within a week, grouped by owner OPD."""
    batas = tanggal + datetime.timedelta(days=HARI_MENJELANG_BATAS)
    items = (
        TindakLanjut.objects.exclude(status=TindakLanjut.Status.SELESAI)
        .exclude(rapat__status=Rapat.Status.DRAFT)
        .filter(batas_waktu__lte=batas, opd__aktif=True)
        .select_related("opd", "rapat")
        .order_by("opd__nama", "batas_waktu", "id")
    )
    grouped: dict[OPD, list[TindakLanjut]] = defaultdict(list)
    for item in items:
        grouped[item.opd].append(item)
    return dict(grouped)


# Who/when columns already say what these fields would; the audit lists what was changed.
RIWAYAT_FIELDS_SKIPPED = {"dibuat_oleh", "ditutup_oleh", "ditutup_pada", "diperbarui_oleh", "diperbarui_pada"}


@dataclass
class RiwayatEntry:
    """One audited change: when, by whom, to which record, and the fields with old → new values."""

    waktu: datetime.datetime
    oleh: User | None
    objek: str
    aksi: str
    perubahan: list[str] = field(default_factory=list)


def rapat_riwayat_list(*, rapat: Rapat, limit: int = 50) -> list[RiwayatEntry]:
    """The audit trail of a meeting: its own fields, attendance, decisions and follow-ups, newest first."""
    undangan = {u.pk: str(u) for u in Undangan.objects.filter(rapat=rapat).select_related("opd")}
    sources = [
        (Rapat.history.filter(id=rapat.pk), lambda _rec: _("Rapat")),
        (
            Undangan.history.filter(rapat_id=rapat.pk).select_related("opd"),
            lambda rec: _("Undangan %(undangan)s") % {"undangan": _undangan_label(rec)},
        ),
        (
            Kehadiran.history.filter(undangan_id__in=Undangan.objects.filter(rapat=rapat).values("pk")),
            lambda rec: _("Kehadiran %(undangan)s") % {"undangan": undangan.get(rec.undangan_id, "?")},
        ),
        (
            Keputusan.history.filter(rapat_id=rapat.pk),
            lambda rec: _("Keputusan %(urutan)s") % {"urutan": rec.urutan},
        ),
        (
            TindakLanjut.history.filter(rapat_id=rapat.pk),
            lambda rec: _("Tindak lanjut: %(uraian)s") % {"uraian": Truncator(rec.uraian).chars(60)},
        ),
    ]
    return _riwayat_entries(sources, limit=limit)


def _undangan_label(record) -> str:
    """An invitation as named in the audit, also when it (or its organisation row) no longer exists."""
    opd = record.opd.singkatan if record.opd else "?"
    return f"{record.nama} ({opd})" if record.nama else opd


def tindak_lanjut_riwayat_list(*, tindak_lanjut: TindakLanjut, limit: int = 20) -> list[RiwayatEntry]:
    """Every recorded change to one follow-up, newest first."""
    sources = [(TindakLanjut.history.filter(id=tindak_lanjut.pk), lambda _rec: _("Tindak lanjut"))]
    return _riwayat_entries(sources, limit=limit)


def profil_daerah_riwayat_list(*, limit: int = 20) -> list[RiwayatEntry]:
    """Every recorded change to the region profile (name, kind, code, logo), newest first."""
    sources = [(ProfilDaerah.history.all(), lambda _rec: _("Profil daerah"))]
    return _riwayat_entries(sources, limit=limit)


def _riwayat_entries(sources, *, limit: int) -> list[RiwayatEntry]:
    """Turn history rows into entries, diffing each row against the previous row of the same record.

    One query per source plus one per related model shown in a diff, however long the history is.
    """
    aksi = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}
    diffs = []
    for history, label in sources:
        previous = {}
        for record in history.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            changes = []
            if before is not None and record.history_type == "~":
                changes = [c for c in record.diff_against(before).changes if c.field not in RIWAYAT_FIELDS_SKIPPED]
                if not changes:
                    previous[record.id] = record
                    continue
            previous[record.id] = record
            diffs.append((record, label(record), changes))
    diffs.sort(key=lambda item: item[0].history_date, reverse=True)
    diffs = diffs[:limit]
    related = _riwayat_related_objects(diffs)
    return [
        RiwayatEntry(
            waktu=record.history_date,
            oleh=record.history_user,
            objek=objek,
            aksi=aksi.get(record.history_type, record.history_type),
            perubahan=[_riwayat_change(record, change, related) for change in changes],
        )
        for record, objek, changes in diffs
    ]


def _riwayat_field(record, name: str) -> models.Field:
    return record.instance_type._meta.get_field(name)


def _riwayat_change(record, change, related: dict) -> str:
    model_field = _riwayat_field(record, change.field)
    old = _riwayat_value(model_field, change.old, related)
    new = _riwayat_value(model_field, change.new, related)
    return f"{capfirst(model_field.verbose_name)}: {old} → {new}"


def _riwayat_related_objects(diffs) -> dict[tuple[type, object], str]:
    """Names of the objects that changed foreign keys point to, fetched in one query per model."""
    wanted: dict[type, set] = defaultdict(set)
    for record, _objek, changes in diffs:
        for change in changes:
            model_field = _riwayat_field(record, change.field)
            if model_field.is_relation:
                wanted[model_field.related_model].update(v for v in (change.old, change.new) if v is not None)
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return names


def _riwayat_value(model_field: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return "–"
    if model_field.is_relation:
        return related.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return Truncator(str(value)).chars(80)
