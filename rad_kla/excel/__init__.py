"""Excel in and out for the RAD KLA: export of a filtered list, the import template, and the import itself."""

from .columns import BASE_COLUMNS, rad_years
from .export import rencana_export
from .import_ import ImportResult, RowError, import_reason, rencana_import
from .matriks import matriks_export
from .template import rencana_template

__all__ = [
    "BASE_COLUMNS",
    "ImportResult",
    "RowError",
    "import_reason",
    "matriks_export",
    "rad_years",
    "rencana_export",
    "rencana_import",
    "rencana_template",
]
