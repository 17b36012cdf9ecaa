"""Spreadsheet import and export of the organisation's master data (OPD, wilayah) in the admin."""

import io

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX
from import_export.widgets import ForeignKeyWidget

from core.spreadsheet import xlsx_check

from .models import OPD, Wilayah


class XLSXDiperiksa(XLSX):
    """An .xlsx checked for inflation (zip bomb) before openpyxl opens it, as every upload is."""

    def create_dataset(self, in_stream):
        xlsx_check(io.BytesIO(in_stream))
        return super().create_dataset(in_stream)


FORMAT_BERKAS = [XLSXDiperiksa, CSV]


class OPDResource(resources.ModelResource):
    """One row per OPD; a row whose singkatan exists updates it."""

    class Meta:
        model = OPD
        fields = ("singkatan", "nama", "jenis", "aktif")
        import_id_fields = ("singkatan",)
        skip_unchanged = True
        report_skipped = False


class KecamatanWidget(ForeignKeyWidget):
    """The parent kecamatan by name; a blank cell is a kecamatan row itself."""

    def __init__(self):
        super().__init__(Wilayah, field="nama")

    def get_queryset(self, *args, **kwargs):
        return Wilayah.objects.filter(jenis=Wilayah.Jenis.KECAMATAN)


class WilayahResource(resources.ModelResource):
    """One row per kecamatan, desa or kelurahan; list each kecamatan before its desa and kelurahan."""

    induk = fields.Field(attribute="induk", column_name="kecamatan", widget=KecamatanWidget())

    class Meta:
        model = Wilayah
        fields = ("jenis", "nama", "induk", "kode")
        import_id_fields = ("jenis", "nama", "induk")
        skip_unchanged = True
        report_skipped = False
        verbose_name = _("wilayah")
