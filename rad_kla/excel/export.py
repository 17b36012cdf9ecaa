"""The RAD export: the actions of a filtered list with every RAD year's targets, capaian and spending."""

import io

from openpyxl import Workbook

from ..selectors import rencana_angka_tahunan
from .columns import rad_years, safe_text, sheet_with_headers


def rencana_export(rencana_qs, *, years: list[int] | None = None) -> bytes:
    """An .xlsx of the actions in `rencana_qs` (e.g. from rencana_list) with every RAD year's figures."""
    years = years or rad_years()
    rencana_qs = rencana_qs.select_related("indikator__klaster", "opd", "lokasi").prefetch_related("opd_terkait")
    ids_query = rencana_qs.order_by().values("pk")
    rows = list(rencana_qs)
    targets, capaian, anggaran = rencana_angka_tahunan(rencana_ids=ids_query, years=years)

    wb = Workbook()
    ws, columns = sheet_with_headers(wb, years)
    money = "#,##0"
    for row_number, rencana in enumerate(rows, start=2):
        values = {
            "kode": rencana.kode,
            "klaster": rencana.indikator.klaster.nama,
            "indikator": str(rencana.indikator),
            "kode_program": rencana.kode_program,
            "program": rencana.program,
            "kode_kegiatan": rencana.kode_kegiatan,
            "kegiatan": rencana.kegiatan,
            "kode_sub_kegiatan": rencana.kode_sub_kegiatan,
            "sub_kegiatan": rencana.sub_kegiatan,
            "uraian": rencana.uraian,
            "indikator_keluaran": rencana.indikator_keluaran,
            "satuan": rencana.satuan,
            "baseline": rencana.baseline,
            "arah": rencana.arah,
            "opd": rencana.opd.singkatan,
            "opd_terkait": "; ".join(sorted(opd.singkatan for opd in rencana.opd_terkait.all())),
            "sumber_dana": rencana.get_sumber_dana_display(),
            "lokasi": rencana.lokasi.nama if rencana.lokasi else "",
        }
        for tahun in years:
            target = targets.get((rencana.pk, tahun))
            values[f"target_{tahun}"] = target[0] if target else None
            values[f"pagu_{tahun}"] = target[1] if target else None
            values[f"capaian_{tahun}"] = capaian.get((rencana.pk, tahun))
            values[f"anggaran_{tahun}"] = anggaran.get((rencana.pk, tahun))
        for index, (key, _header, _width) in enumerate(columns, start=1):
            value = values[key]
            cell = ws.cell(row=row_number, column=index)
            if isinstance(value, str):
                safe_text(cell, value)
            else:
                cell.value = value
                if key.startswith(("pagu_", "anggaran_")):
                    cell.number_format = money
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
