"""Writes to the master data the secretariat keeps: OPDs with their other names, wilayah, the region profile."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.guards import require
from core.uploads import JPG, PNG, upload_validate

from .models import OPD, NamaLainOPD, ProfilDaerah, User, Wilayah

KELOLA = "gugus_tugas.kelola_data_master"
LOGO_MAX_BYTES = 1024 * 1024
OPD_FIELDS = ("nama", "singkatan", "jenis")
WILAYAH_FIELDS = ("nama", "jenis", "induk", "kode")
PROFIL_FIELDS = ("nama_daerah", "jenis", "provinsi", "kode")


def _rapi(text: str) -> str:
    return " ".join(str(text).split())


def _opd_names_check(*, opd: OPD, nama_lain: list[str]) -> list[str]:
    """The OPD's names must not be another OPD's name, abbreviation or other name: a document would match both."""
    errors = {}
    for field in ("nama", "singkatan"):
        value = getattr(opd, field)
        lain = OPD.objects.exclude(pk=opd.pk).filter(Q(nama__iexact=value) | Q(singkatan__iexact=value))
        if lain.exists() or NamaLainOPD.objects.exclude(opd_id=opd.pk).filter(nama__iexact=value).exists():
            errors[field] = _("“%(nama)s” sudah dipakai OPD lain (sebagai nama, singkatan atau nama lain).") % {
                "nama": value
            }
    sendiri = {opd.nama.casefold(), opd.singkatan.casefold()}
    unik: dict[str, str] = {}
    for nama in (_rapi(n) for n in nama_lain):
        if nama and nama.casefold() not in sendiri:
            unik.setdefault(nama.casefold(), nama)
    bentrok = [
        nama
        for nama in unik.values()
        if NamaLainOPD.objects.exclude(opd_id=opd.pk).filter(nama__iexact=nama).exists()
        or OPD.objects.exclude(pk=opd.pk).filter(Q(nama__iexact=nama) | Q(singkatan__iexact=nama)).exists()
    ]
    if bentrok:
        errors["nama_lain"] = _("Sudah dipakai OPD lain: %(nama)s.") % {"nama": ", ".join(bentrok)}
    if errors:
        raise ValidationError(errors)
    return list(unik.values())


def _nama_lain_set(*, opd: OPD, nama_lain: list[str]) -> None:
    lama = {n.nama.casefold(): n for n in opd.nama_lain.all()}
    baru = {n.casefold(): n for n in nama_lain}
    NamaLainOPD.objects.filter(pk__in=[n.pk for k, n in lama.items() if k not in baru]).delete()
    for kunci, nama in baru.items():
        item = lama.get(kunci)
        if item is None:
            NamaLainOPD.objects.create(opd=opd, nama=nama)
        elif item.nama != nama:
            item.nama = nama
            item.save(update_fields=["nama"])


@transaction.atomic
def opd_create(*, by: User, nama: str, singkatan: str, jenis: str, nama_lain: list[str] | None = None) -> OPD:
    """A new active OPD or institution, with the other names documents give it."""
    require(by, KELOLA)
    opd = OPD(nama=_rapi(nama), singkatan=_rapi(singkatan), jenis=jenis, aktif=True)
    opd.full_clean()
    alias = _opd_names_check(opd=opd, nama_lain=nama_lain or [])
    opd.save()
    _nama_lain_set(opd=opd, nama_lain=alias)
    return opd


@transaction.atomic
def opd_update(*, opd: OPD, by: User, data: dict, nama_lain: list[str]) -> OPD:
    """Rename or reclassify an OPD and replace its list of other names."""
    require(by, KELOLA)
    opd = OPD.objects.select_for_update().get(pk=opd.pk)
    for field in OPD_FIELDS:
        value = data[field]
        setattr(opd, field, _rapi(value) if field != "jenis" else value)
    opd.full_clean()
    alias = _opd_names_check(opd=opd, nama_lain=nama_lain)
    opd.save(update_fields=list(OPD_FIELDS))
    _nama_lain_set(opd=opd, nama_lain=alias)
    return opd


@transaction.atomic
def opd_aktif_set(*, opd: OPD, aktif: bool, by: User) -> OPD:
    """Deactivate instead of delete: an inactive OPD keeps its plans, meetings and accounts, and leaves the choices."""
    require(by, KELOLA)
    opd = OPD.objects.select_for_update().get(pk=opd.pk)
    if opd.aktif != aktif:
        opd.aktif = aktif
        opd.save(update_fields=["aktif"])
    return opd


def _wilayah_check(wilayah: Wilayah) -> None:
    """The model's constraints in the users' words, before the database would refuse them in English."""
    if wilayah.jenis == Wilayah.Jenis.KECAMATAN:
        if wilayah.induk_id is not None:
            raise ValidationError({"induk": _("Kecamatan tidak memiliki kecamatan induk.")})
    else:
        if wilayah.induk is None:
            raise ValidationError({"induk": _("Pilih kecamatan tempat desa/kelurahan ini berada.")})
        if wilayah.induk.jenis != Wilayah.Jenis.KECAMATAN:
            raise ValidationError({"induk": _("Induk harus sebuah kecamatan.")})
        if wilayah.pk and wilayah.bagian.exists():
            raise ValidationError(
                {"jenis": _("Kecamatan ini masih memiliki desa/kelurahan; jenisnya tidak dapat diubah.")}
            )
    sama = Wilayah.objects.filter(jenis=wilayah.jenis, nama__iexact=wilayah.nama, induk=wilayah.induk).exclude(
        pk=wilayah.pk
    )
    if sama.exists():
        raise ValidationError({"nama": _("%(label)s sudah ada di sini.") % {"label": wilayah.label}})


@transaction.atomic
def wilayah_create(*, by: User, nama: str, jenis: str, induk: Wilayah | None = None, kode: str = "") -> Wilayah:
    """A kecamatan, or a desa/kelurahan under its kecamatan."""
    require(by, KELOLA)
    wilayah = Wilayah(nama=_rapi(nama), jenis=jenis, induk=induk if jenis != Wilayah.Jenis.KECAMATAN else None)
    wilayah.kode = _rapi(kode)
    _wilayah_check(wilayah)
    wilayah.full_clean()
    wilayah.save()
    return wilayah


@transaction.atomic
def wilayah_update(*, wilayah: Wilayah, by: User, data: dict) -> Wilayah:
    """Rename, recode, move a desa/kelurahan to another kecamatan, or change desa ↔ kelurahan."""
    require(by, KELOLA)
    wilayah = Wilayah.objects.select_for_update().get(pk=wilayah.pk)
    wilayah.nama = _rapi(data["nama"])
    wilayah.jenis = data["jenis"]
    wilayah.induk = data.get("induk") if wilayah.jenis != Wilayah.Jenis.KECAMATAN else None
    wilayah.kode = _rapi(data.get("kode", ""))
    if wilayah.induk is not None and wilayah.induk.pk == wilayah.pk:
        raise ValidationError({"induk": _("Wilayah tidak dapat menjadi induk dirinya sendiri.")})
    _wilayah_check(wilayah)
    wilayah.full_clean()
    wilayah.save(update_fields=list(WILAYAH_FIELDS))
    return wilayah


def logo_validate(berkas) -> None:
    """A PNG or JPEG that opens as an image, at most 1 MB."""
    if berkas.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Logo terlalu besar; batasnya 1 MB."), code="too_large")
    try:
        jenis = upload_validate(berkas)
    except ValidationError as error:
        raise ValidationError(_("Logo harus berkas gambar PNG atau JPG.") + " " + " ".join(error.messages)) from error
    if jenis not in (PNG, JPG):
        raise ValidationError(_("Logo harus berkas gambar PNG atau JPG."), code="extension")
    berkas.seek(0)
    try:
        with Image.open(berkas) as gambar:
            gambar.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Logo tidak dapat dibaca sebagai gambar; unggah berkas aslinya."), code="image"
        ) from error
    finally:
        berkas.seek(0)


@transaction.atomic
def profil_daerah_update(*, by: User, data: dict, logo=None, logo_hapus: bool = False) -> ProfilDaerah:
    """The region's name, kind, province and Kemendagri code, and its logo; every change is in the profile's history."""
    require(by, KELOLA)
    profil = ProfilDaerah.objects.select_for_update().first()
    if profil is None:
        raise ValidationError(_("Profil daerah belum dibuat; jalankan penyiapan daerah terlebih dahulu."))
    for field in PROFIL_FIELDS:
        setattr(profil, field, _rapi(data[field]) if field != "jenis" else data[field])
    # A replaced logo's file stays: the history rows still name it (the orphan sweep keeps it too).
    if logo is not None:
        try:
            logo_validate(logo)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
        profil.logo = logo
    elif logo_hapus:
        profil.logo = ""
    profil.full_clean()
    profil.save()
    return profil
