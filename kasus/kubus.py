"""The stored statistics cube: every year's raw counts, read in one query, recounted after the case tables change.

Counting every year takes a handful of aggregate queries over all cases, which grows with the
records; reading the stored counts is one small query, however many cases there are. The
triggers of migration 0006 raise `KubusStatistik.versi_data` with every write to a counted table
(the case tables, and the regions for the kecamatan), inside the writer's transaction, whoever
writes: the services, the admin, a shell, a bulk insert. Stored counts whose version differs are
never released: the first reader after such a write recounts them (`kubus_statistik_get`), and
the case services recount at once inside their own transaction (`kubus_statistik_update`), so
readers normally never wait for a count.
"""

import json
from collections import defaultdict

from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractMonth, ExtractYear

from gugus_tugas.models import Wilayah

from .models import Kasus, KasusJenisKekerasan, Korban, KubusStatistik, Layanan, Pelaku

# The singleton row; migration 0006 creates it.
KUBUS_PK = 1


def _tahun_baru() -> dict:
    return {
        "korban": 0,
        "kasus": 0,
        **{key: defaultdict(int) for key in ("bulan", "kecamatan", "umur", "kelamin", "terlayani_umur")},
        **{key: {} for key in ("tempat", "jenis", "layanan", "hubungan")},
    }


def _kubus_hitung() -> dict:
    """Every year's raw counts from the case tables (deleted cases count nowhere), keyed as JSON keeps them.

    "kecamatan": the region's kecamatan in name order, [id, name]; "tahun": per year, victims in
    all and by month, kecamatan (of their case's kelurahan), age group, sex, and served (their
    case has a service) per age group; cases in all and by place; cases per type and per service;
    perpetrators per relation.
    """
    kubus: dict[str, dict] = defaultdict(_tahun_baru)
    korban = (
        Korban.objects.filter(kasus__dihapus_pada__isnull=True)
        .annotate(
            tahun=ExtractYear("kasus__tanggal_lapor"),
            bulan=ExtractMonth("kasus__tanggal_lapor"),
            dilayani=Exists(Layanan.objects.filter(kasus=OuterRef("kasus"))),
        )
        .values_list("tahun", "bulan", "kasus__kelurahan__induk", "kelompok_umur", "jenis_kelamin", "dilayani")
        .annotate(n=Count("id"))
        .order_by()
    )
    for tahun, bulan, kecamatan, umur, kelamin, dilayani, n in korban:
        item = kubus[str(tahun)]
        item["korban"] += n
        item["bulan"][str(bulan)] += n
        item["kecamatan"][str(kecamatan)] += n
        item["umur"][umur] += n
        item["kelamin"][kelamin] += n
        if dilayani:
            item["terlayani_umur"][umur] += n
    per_kasus = [
        ("tempat", Kasus.objects.aktif(), "", "tempat_kejadian", "id"),
        ("jenis", KasusJenisKekerasan.objects.all(), "kasus__", "jenis", "kasus"),
        ("layanan", Layanan.objects.all(), "kasus__", "jenis", "kasus"),
        ("hubungan", Pelaku.objects.all(), "kasus__", "hubungan", "id"),
    ]
    for key, qs, lewat, field, counted in per_kasus:
        if lewat:
            qs = qs.filter(**{f"{lewat}dihapus_pada__isnull": True})
        rows = (
            qs.annotate(tahun=ExtractYear(f"{lewat}tanggal_lapor"))
            .values_list("tahun", field)
            .annotate(n=Count(counted, distinct=True))
            .order_by()
        )
        for tahun, value, n in rows:
            kubus[str(tahun)][key][value] = n
            if key == "tempat":
                kubus[str(tahun)]["kasus"] += n
    kecamatan = Wilayah.objects.filter(jenis=Wilayah.Jenis.KECAMATAN).order_by("nama").values_list("pk", "nama")
    return {
        "kecamatan": [list(row) for row in kecamatan],
        # Plain dicts, as they read back from the database.
        "tahun": {t: {k: dict(v) if isinstance(v, dict) else v for k, v in item.items()} for t, item in kubus.items()},
    }


def kubus_statistik_update() -> dict:
    """Recount and store the cube now (after a write, inside its transaction); returns its counts."""
    KubusStatistik.objects.get_or_create(pk=KUBUS_PK)
    # Read before counting: a write committed meanwhile raises the version past it, so these counts,
    # which may have missed that write, are never taken for current.
    versi = KubusStatistik.objects.filter(pk=KUBUS_PK).values_list("versi_data", flat=True).get()
    isi = _kubus_hitung()
    KubusStatistik.objects.filter(pk=KUBUS_PK).update(isi=isi, versi_isi=versi)
    return isi


def kubus_statistik_get() -> dict:
    """The counts of _kubus_hitung ({"kecamatan": […], "tahun": {"2024": {"korban": …, …}}}) in one query.

    Recounted first when stale.
    """
    # Read on every statistics page, card and report: one fixed statement, without building an ORM query each time.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT versi_data, versi_isi, isi FROM {KubusStatistik._meta.db_table} WHERE id = %s",  # noqa: S608
            [KUBUS_PK],
        )
        row = cursor.fetchone()
    if row is None or row[0] != row[1]:
        return kubus_statistik_update()
    return row[2] if isinstance(row[2], dict) else json.loads(row[2])
