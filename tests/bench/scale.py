"""Load-test copies of the demo data: `seed_demo --scale N` adds copies 2…N of every RAD action and case."""

import re

from django.db import transaction

from core.seeding import upsert
from kasus.demo import RENCANA
from kasus.models import Kasus, KasusJenisKekerasan, Korban, Layanan, NomorUrut, Pelaku, RiwayatStatus
from rad_kla.models import Realisasi, RencanaAksi, TargetTahunan
from rad_kla.progres import progres_refresh

COPY = re.compile(r"-s\d+$")
CHUNK = 2000


@transaction.atomic
def demo_rad_scale(*, scale: int) -> int:
    """Add copies s2…sN of every action that is not itself a copy, with its targets, realisations and related
    OPDs; returns how many copies were new.

    Copies are bulk-inserted without history rows: they exist only to load-test pages and roll-ups,
    and writing a history row for each of the ~150,000 rows at scale 100 would double the seeding
    time for no reader. Existing copies are left as they are.
    """
    if scale < 2:
        return 0
    rencana = {r.kode: r for r in RencanaAksi.objects.all() if not COPY.search(r.kode)}
    wanted_kode = {f"{kode}-s{n}": kode for kode in rencana for n in range(2, scale + 1)}
    have = set(RencanaAksi.objects.filter(kode__in=list(wanted_kode)).values_list("kode", flat=True))
    missing = [k for k in wanted_kode if k not in have]
    if not missing:
        return 0
    ids = [r.pk for r in rencana.values()]
    through = RencanaAksi.opd_terkait.through
    terkait = {}
    for rencana_id, opd_id in through.objects.filter(rencanaaksi_id__in=ids).values_list("rencanaaksi_id", "opd_id"):
        terkait.setdefault(rencana_id, []).append(opd_id)
    targets_of, realisasi_of = {}, {}
    for target in TargetTahunan.objects.filter(rencana_aksi_id__in=ids):
        targets_of.setdefault(target.rencana_aksi_id, []).append(target)
    for realisasi in Realisasi.objects.filter(rencana_aksi_id__in=ids).order_by("pk"):
        realisasi_of.setdefault(realisasi.rencana_aksi_id, []).append(realisasi)

    rencana_fields = _copied(RencanaAksi, "kode")
    target_fields = _copied(TargetTahunan, "rencana_aksi_id")
    realisasi_fields = _copied(Realisasi, "rencana_aksi_id")
    for start in range(0, len(missing), CHUNK):
        objs = [
            RencanaAksi(kode=kode, **{f: getattr(rencana[wanted_kode[kode]], f) for f in rencana_fields})
            for kode in missing[start : start + CHUNK]
        ]
        RencanaAksi.objects.bulk_create(objs, batch_size=CHUNK)
        targets, realisasi, dibuat_pada, links = [], [], [], []
        for obj in objs:
            base = rencana[wanted_kode[obj.kode]].pk
            targets += [
                TargetTahunan(rencana_aksi_id=obj.pk, **{f: getattr(t, f) for f in target_fields})
                for t in targets_of.get(base, ())
            ]
            for item in realisasi_of.get(base, ()):
                realisasi.append(Realisasi(rencana_aksi_id=obj.pk, **{f: getattr(item, f) for f in realisasi_fields}))
                dibuat_pada.append(item.dibuat_pada)
            links += [through(rencanaaksi_id=obj.pk, opd_id=o) for o in terkait.get(base, ())]
        TargetTahunan.objects.bulk_create(targets, batch_size=CHUNK)
        Realisasi.objects.bulk_create(realisasi, batch_size=CHUNK)
        # bulk_create stamps auto_now_add with the clock; a copy keeps its original's drafting time.
        for item, value in zip(realisasi, dibuat_pada, strict=True):
            item.dibuat_pada = value
        Realisasi.objects.bulk_update(realisasi, ["dibuat_pada"], batch_size=CHUNK)
        through.objects.bulk_create(links, batch_size=CHUNK)
        progres_refresh([obj.pk for obj in objs])
    return len(missing)


def _nomor(tahun: int, urut: int) -> str:
    return f"KASUS/{tahun}/{urut:04d}"


@transaction.atomic
def demo_kasus_scale(*, scale: int) -> int:
    """Add copies 2…N of every demo case of kasus.demo, with their victims, perpetrators, types, services and
    status history; returns how many copies were new.

    Copy k of case i of a year is registered as number (k-1)·n+i, n being that year's demo cases,
    continuing each year's numbering as a case worker's new cases would. Victims and perpetrators
    stay visibly fictitious (fake NIK 0000…, names marked "(fiktif)"); the reporting dates are the
    originals', so every count of the statistics page grows N times. As for the RAD copies, no
    history rows are written.
    """
    if scale < 2:
        return 0
    asli = {_nomor(tahun, i): (tahun, i) for tahun, rencana in RENCANA.items() for i in range(1, len(rencana) + 1)}
    kasus = {k.nomor_registrasi: k for k in Kasus.objects.filter(nomor_registrasi__in=list(asli))}
    wanted = {
        _nomor(tahun, (n - 1) * len(RENCANA[tahun]) + i): nomor
        for nomor, (tahun, i) in asli.items()
        if nomor in kasus
        for n in range(2, scale + 1)
    }
    have = set(Kasus.objects.filter(nomor_registrasi__in=list(wanted)).values_list("nomor_registrasi", flat=True))
    missing = [nomor for nomor in wanted if nomor not in have]
    if missing:
        _kasus_copy(missing, {nomor: kasus[wanted[nomor]] for nomor in missing})
    for tahun, rencana in RENCANA.items():
        terakhir = NomorUrut.objects.filter(tahun=tahun).values_list("terakhir", flat=True).first() or 0
        upsert(NomorUrut, tahun=tahun, defaults={"terakhir": max(terakhir, len(rencana) * scale)})
    return len(missing)


def _kasus_copy(missing: list[str], asal: dict[str, Kasus]) -> None:
    ids = [k.pk for k in asal.values()]
    related = {model: {} for model in (Korban, Pelaku, KasusJenisKekerasan, Layanan, RiwayatStatus)}
    for model, rows in related.items():
        for row in model.objects.filter(kasus_id__in=ids).order_by("pk"):
            rows.setdefault(row.kasus_id, []).append(row)
    fields = {model: _copied(model, "kasus_id") for model in related}
    kasus_fields = _copied(Kasus, "nomor_registrasi", "dibuat_pada")
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        objs = [Kasus(nomor_registrasi=nomor, **{f: getattr(asal[nomor], f) for f in kasus_fields}) for nomor in chunk]
        Kasus.objects.bulk_create(objs, batch_size=CHUNK)
        # bulk_create stamps auto_now_add with the clock; a copy keeps its original's recording time.
        for obj in objs:
            obj.dibuat_pada = asal[obj.nomor_registrasi].dibuat_pada
        Kasus.objects.bulk_update(objs, ["dibuat_pada"], batch_size=CHUNK)
        for model, rows in related.items():
            copies = []
            for obj in objs:
                for row in rows.get(asal[obj.nomor_registrasi].pk, ()):
                    copy = model(kasus_id=obj.pk, **{f: getattr(row, f) for f in fields[model]})
                    _fiktif(copy, obj.nomor_registrasi)
                    copies.append(copy)
            model.objects.bulk_create(copies, batch_size=CHUNK)


def _fiktif(copy, nomor_registrasi: str) -> None:
    """A copied person gets the fake identity of its own case number, as kasus.demo gives every demo person."""
    if isinstance(copy, Korban):
        nomor = int(nomor_registrasi[6:10]) * 10_000 + int(nomor_registrasi.rsplit("/", 1)[1])
        copy.nik = f"0000{nomor:08d}{copy.urutan:04d}"
    elif isinstance(copy, Pelaku):
        copy.nama = f"Pelaku Fiktif {nomor_registrasi.rsplit('/', 1)[1]}"


def _copied(model, *left_out: str) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", *left_out)]


def demo_scale_get() -> int:
    """The scale the demo data is at: 0 without demo cases or actions, else the largest N whose RAD and case
    copies 2…N are all there (each run of the copies is one transaction, so copies 2…N exist together)."""
    if not Kasus.objects.exists() or not RencanaAksi.objects.exists():
        return 0
    suffixes = RencanaAksi.objects.filter(kode__regex=r"-s[0-9]+$").values_list("kode", flat=True)
    rad = max((int(COPY.search(kode).group()[2:]) for kode in suffixes), default=1)
    per_tahun = {
        tahun: Kasus.objects.filter(nomor_registrasi__startswith=f"KASUS/{tahun}/").count() for tahun in RENCANA
    }
    kasus = min(per_tahun[tahun] // len(rencana) for tahun, rencana in RENCANA.items())
    return max(min(rad, kasus), 1)
