"""The name the app goes by: the product plus the region from ProfilDaerah, for pages, e-mails, PDFs and calendars."""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings

from .models import ProfilDaerah
from .selectors import profil_daerah_get

# The product; the region's name follows it ("KLA Kabupaten Merangin"). Before a region is set up
# the app goes by the product alone.
PRODUK = "KLA"


@dataclass(frozen=True)
class Merek:
    daerah: str = ""  # "Kabupaten Merangin"
    daerah_singkat: str = ""  # "Merangin", for the menu bar of a phone

    @property
    def nama(self) -> str:
        return f"{PRODUK} {self.daerah}" if self.daerah else PRODUK

    @property
    def singkat(self) -> str:
        return f"{PRODUK} {self.daerah_singkat}" if self.daerah_singkat else PRODUK

    def pengirim(self) -> str:
        """DEFAULT_FROM_EMAIL under the app's name ("KLA Kabupaten Merangin <kla@…>"), unless it names itself."""
        alamat = settings.DEFAULT_FROM_EMAIL
        nama, email = parseaddr(alamat)
        return alamat if nama or not email else formataddr((self.nama, email))

    def subjek(self, judul: str) -> str:
        """An e-mail subject that says which installation sent it: "[KLA Kabupaten Merangin] …"."""
        return f"[{self.nama}] {judul}"


# The last name this process read: what an error page shows when the database may be the trouble.
_terakhir = Merek()


def merek_from_profil(profil: ProfilDaerah | None) -> Merek:
    global _terakhir
    merek = Merek(daerah=profil.nama_lengkap, daerah_singkat=profil.nama_daerah) if profil else Merek()
    _terakhir = merek
    return merek


def merek_get() -> Merek:
    """The name read from the region profile now (one query); for e-mails, calendar files and PDFs."""
    return merek_from_profil(profil_daerah_get())


def merek_last_get() -> Merek:
    """The name this process last read, without touching the database or the cache (500 and 400 pages)."""
    return _terakhir


# Where a request keeps the region profile once read, so the layout and the app's name read it once.
PROFIL_REQUEST_ATTR = "_profil_daerah"


def profil_daerah_request_set(request, profil: ProfilDaerah | None) -> None:
    """Keep the region profile a view has read on its request: the page's layout then reads no other copy."""
    setattr(request, PROFIL_REQUEST_ATTR, profil)
