"""Notification fixtures: the RAD's action of the Dinas Kesehatan and an open quarter."""

from tests.rad_kla.conftest import periode_terbuka, rencana

__all__ = ["periode_terbuka", "rencana"]
