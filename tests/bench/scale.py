"""Load-test copies of the demo RAD: `seed_demo --scale N` adds copies s2…sN of every action (CONTRACT.md)."""

import re

from django.db import transaction

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


def _copied(model, *left_out: str) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", *left_out)]
