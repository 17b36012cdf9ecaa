"""Excel in and out for the RAD KLA: export of a filtered list, the import template, the check of an import sheet."""

from .columns import BASE_COLUMNS, rad_years
from .export import rencana_export
from .import_ import ImportResult, RencanaAksiRow, RowError, rencana_parse
from .matriks import matriks_export
from .template import rencana_template

__all__ = [
    "BASE_COLUMNS",
    "ImportResult",
    "RencanaAksiRow",
    "RowError",
    "matriks_export",
    "rad_years",
    "rencana_export",
    "rencana_parse",
    "rencana_template",
]
