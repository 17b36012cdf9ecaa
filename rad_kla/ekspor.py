"""The large RAD export job under its old module name: the Excel views import it from here (services, selectors)."""

from .selectors import ekspor_rad_get, ekspor_rad_list
from .services import ekspor_rad_besar, ekspor_rad_delete, ekspor_rad_export, ekspor_rad_request

__all__ = [
    "ekspor_rad_besar",
    "ekspor_rad_delete",
    "ekspor_rad_export",
    "ekspor_rad_get",
    "ekspor_rad_list",
    "ekspor_rad_request",
]
