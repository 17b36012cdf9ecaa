"""The Matriks RAD as .xlsx: every action × every reporting period, with each year's target and pagu."""

from django.utils.translation import gettext as _

from core.xlsx import GAYA_BIASA, GAYA_DESIMAL, GAYA_RIBUAN, Lembar, lembar_write

from ..models import PeriodePelaporan
from ..selectors import SEL_ANGGARAN, SEL_CAPAIAN, SEL_NILAI, AksiMatriks

KOLOM_AKSI = 6


def matriks_export(*, rencana: list[AksiMatriks], periode_list: list[PeriodePelaporan]) -> bytes:
    """The .xlsx of a matrix filled by selectors.matriks_isi: two header rows, one row per action.

    Per year: target and pagu, then per period of the year its realisation, capaian (%) and spending.
    """
    years = sorted({p.tahun for p in periode_list})
    per_year = {tahun: [p for p in periode_list if p.tahun == tahun] for tahun in years}
    atas = [_("Kode"), _("Klaster"), _("Indikator"), _("Indikator keluaran"), _("Satuan"), _("OPD")]
    bawah = [""] * KOLOM_AKSI
    gaya = [GAYA_BIASA] * KOLOM_AKSI
    gabung = [(0, c, 1, c) for c in range(KOLOM_AKSI)]
    for tahun in years:
        start = len(atas)
        bawah += [_("Target"), _("Pagu (Rp)")]
        gaya += [GAYA_DESIMAL, GAYA_RIBUAN]
        for periode in per_year[tahun]:
            bawah += [
                f"{periode.label} · {_('Realisasi')}",
                f"{periode.label} · {_('Capaian (%)')}",
                f"{periode.label} · {_('Anggaran (Rp)')}",
            ]
            gaya += [GAYA_DESIMAL, GAYA_DESIMAL, GAYA_RIBUAN]
        atas += [str(tahun)] + [""] * (len(bawah) - start - 1)
        gabung.append((0, start, 0, len(bawah) - 1))
    rows = []
    kosong = (None, None, None)
    ids_per_year = {tahun: [p.pk for p in periods] for tahun, periods in per_year.items()}
    for item in rencana:
        row = [
            item.kode,
            item.klaster,
            f"{item.indikator_kode}. {item.indikator_nama}",
            item.indikator_keluaran,
            item.satuan,
            item.opd,
        ]
        tahunan, sel = item.tahunan, item.sel
        for tahun in years:
            progres = tahunan.get(tahun)
            row += (progres["target"], progres["pagu"]) if progres else kosong[:2]
            for periode_id in ids_per_year[tahun]:
                cell = sel.get(periode_id)
                row += (cell[SEL_NILAI], cell[SEL_CAPAIAN], cell[SEL_ANGGARAN]) if cell else kosong
        rows.append(row)
    lembar = Lembar(
        nama=_("Matriks RAD"),
        judul=[atas, bawah],
        gabung=gabung,
        lebar={0: 16, 1: 24, 2: 32, 3: 40, 4: 12, 5: 12},
        beku_kolom=1,
    )
    return lembar_write(lembar, rows, gaya=gaya)
