"""The RAD import job under its old module name: the Excel views import it from here (services, selectors)."""

from .selectors import impor_rad_get
from .services import impor_rad_import, impor_rad_pemetaan_set, impor_rad_request, impor_rad_submit

__all__ = ["impor_rad_get", "impor_rad_import", "impor_rad_pemetaan_set", "impor_rad_request", "impor_rad_submit"]
