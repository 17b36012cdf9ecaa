"""A region set up from nothing: the first-run profile and admin, then its wilayah and OPD sheets saved."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.guards import require

from .impor_daerah import Baris
from .models import OPD, NamaLainOPD, Peran, ProfilDaerah, User, Wilayah
from .services import pengguna_create, roles_setup

# The wilayah and OPD sheets change the same master data as its pages, under the same permission.
KELOLA_DATA_DAERAH = "gugus_tugas.kelola_data_master"


def instalasi_kosong_get() -> bool:
    """A fresh install: no region profile and no account yet, so the first-run page is open."""
    return not User.objects.exists() and not ProfilDaerah.objects.exists()


@transaction.atomic
def profil_daerah_create(
    *,
    nama_daerah: str,
    jenis: str,
    provinsi: str,
    kode: str,
    tahun_rad_mulai: int,
    tahun_rad_selesai: int,
    admin_username: str,
    admin_email: str,
    admin_password: str,
    admin_nama_lengkap: str = "",
    logo=None,
) -> tuple[ProfilDaerah, User]:
    """The region's profile and its first Admin Sekretariat, on an empty install only; both or neither.

    Two first-run forms sent at once cannot both succeed: the profile table holds one row
    (constraint profil_daerah_satu) and the second insert fails inside this transaction.
    """
    if not instalasi_kosong_get():
        raise PermissionDenied(_("Daerah sudah disiapkan; halaman penyiapan awal tidak dapat dipakai lagi."))
    roles_setup()
    profil = ProfilDaerah(
        nama_daerah=" ".join(nama_daerah.split()),
        jenis=jenis,
        provinsi=" ".join(provinsi.split()),
        kode="".join(kode.split()),
        tahun_rad_mulai=tahun_rad_mulai,
        tahun_rad_selesai=tahun_rad_selesai,
    )
    if logo:
        profil.logo = logo
    errors = {}
    if tahun_rad_selesai < tahun_rad_mulai:
        errors["tahun_rad_selesai"] = _("Tahun RAD selesai tidak boleh sebelum tahun mulainya.")
    elif tahun_rad_selesai - tahun_rad_mulai > 10:
        errors["tahun_rad_selesai"] = _("Periode RAD paling lama 11 tahun.")
    try:
        validate_password(admin_password, User(username=admin_username, email=admin_email))
    except ValidationError as exc:
        errors["admin_password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            profil.full_clean()
            profil.save()
            admin = pengguna_create(
                username=admin_username.strip(),
                email=admin_email.strip().lower(),
                nama_lengkap=admin_nama_lengkap.strip(),
                peran=Peran.ADMIN_SEKRETARIAT,
                password=admin_password,
                by=None,
            )
    except IntegrityError as exc:
        raise PermissionDenied(_("Daerah sudah disiapkan; halaman penyiapan awal tidak dapat dipakai lagi.")) from exc
    return profil, admin


def _require(by: User | None) -> None:
    # None is the system itself (the region_setup command).
    if by is not None:
        require(by, KELOLA_DATA_DAERAH)


def _history_user(obj, by: User | None):
    obj._history_user = by
    return obj


@transaction.atomic
def wilayah_import(*, baris: list[Baris], by: User | None) -> dict[str, int]:
    """Save a checked wilayah sheet, all rows or none; a stored code (or a stored name without one) is updated.

    Kecamatan are written before their desa and kelurahan, each level in bulk with its history rows
    (who loaded it): a kabupaten's few hundred rows are a handful of queries, not several per row.
    The rows were checked against each other and the stored data by lembar_wilayah_import; what
    changed since is refused by the table's constraints. Returns how many were added and updated.
    """
    _require(by)
    if any(b.errors for b in baris) or not baris:
        raise ValidationError(_("Lembar wilayah masih berisi baris yang salah; tidak ada yang disimpan."))
    per_kode = {w.kode: w for w in Wilayah.objects.select_for_update().exclude(kode="")}
    tanpa_kode = {(w.jenis, w.nama.casefold(), w.induk_id): w for w in Wilayah.objects.filter(kode="")}
    jumlah = {"baru": 0, "diperbarui": 0}
    kecamatan = [b for b in baris if b.jenis == Wilayah.Jenis.KECAMATAN]
    bagian = [b for b in baris if b.jenis != Wilayah.Jenis.KECAMATAN]
    for tingkat in (kecamatan, bagian):
        baru, ubah = [], []
        for item in tingkat:
            induk = per_kode.get(item.induk_kode) if item.induk_kode else None
            wilayah = per_kode.get(item.kode) or tanpa_kode.get((item.jenis, item.nama.casefold(), induk and induk.pk))
            nilai = (item.nama, item.jenis, induk and induk.pk, item.kode)
            if wilayah is None:
                wilayah = Wilayah()
                baru.append(wilayah)
            elif (wilayah.nama, wilayah.jenis, wilayah.induk_id, wilayah.kode) == nilai:
                continue
            else:
                ubah.append(wilayah)
            wilayah.nama, wilayah.jenis, wilayah.induk, wilayah.kode = item.nama, item.jenis, induk, item.kode
            try:
                # The parent is the kecamatan just read or written above: no query to check that it exists.
                wilayah.clean_fields(exclude=["induk"])
            except ValidationError as exc:
                raise ValidationError(
                    _("Baris %(baris)s (%(kode)s): %(pesan)s")
                    % {"baris": item.nomor, "kode": item.kode, "pesan": " ".join(exc.messages)}
                ) from exc
            per_kode[item.kode] = wilayah
        try:
            with transaction.atomic():
                bulk_create_with_history(baru, Wilayah, default_user=by)
                bulk_update_with_history(ubah, Wilayah, ["nama", "jenis", "induk", "kode"], default_user=by)
        except IntegrityError as exc:
            raise ValidationError(
                _("Data wilayah berubah sejak berkas diperiksa (kode atau nama sudah dipakai); unggah berkasnya lagi.")
            ) from exc
        jumlah["baru"] += len(baru)
        jumlah["diperbarui"] += len(ubah)
    return jumlah


@transaction.atomic
def opd_import(*, baris: list[Baris], by: User | None) -> dict[str, int]:
    """Save a checked OPD sheet, all rows or none; a stored singkatan (or name) is updated, other spellings added.

    Every change is in the OPD history. Returns how many were added and updated.
    """
    _require(by)
    if any(b.errors for b in baris) or not baris:
        raise ValidationError(_("Lembar OPD masih berisi baris yang salah; tidak ada yang disimpan."))
    tersimpan = list(OPD.objects.select_for_update())
    per_singkatan = {o.singkatan.casefold(): o for o in tersimpan}
    per_nama = {o.nama.casefold(): o for o in tersimpan}
    alias = set(NamaLainOPD.objects.values_list(Lower("nama"), flat=True))
    jumlah = {"baru": 0, "diperbarui": 0}
    for item in baris:
        opd = per_singkatan.get(item.singkatan.casefold()) or per_nama.get(item.nama.casefold())
        baru_nama_lain = [
            n
            for n in item.nama_lain
            if n.casefold() not in alias and n.casefold() not in {item.nama.casefold(), item.singkatan.casefold()}
        ]
        if opd is None:
            opd = OPD(aktif=True)
            jumlah["baru"] += 1
        elif (opd.nama, opd.singkatan, opd.jenis) != (item.nama, item.singkatan, item.jenis) or baru_nama_lain:
            jumlah["diperbarui"] += 1
        else:
            continue
        opd.nama, opd.singkatan, opd.jenis = item.nama, item.singkatan, item.jenis
        try:
            opd.full_clean()
            _history_user(opd, by).save()
            for nama in baru_nama_lain:
                nama_lain = NamaLainOPD(opd=opd, nama=nama)
                nama_lain.full_clean()
                _history_user(nama_lain, by).save()
                alias.add(nama.casefold())
        except ValidationError as exc:
            raise ValidationError(
                _("Baris %(baris)s (%(nama)s): %(pesan)s")
                % {"baris": item.nomor, "nama": item.nama, "pesan": " ".join(exc.messages)}
            ) from exc
    return jumlah
