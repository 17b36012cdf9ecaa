"""URLs of the organisation pages, meetings and follow-ups."""

from django.urls import path

from . import akun_views, dua_langkah_views, master_views, penyiapan_views, views

app_name = "gugus_tugas"
urlpatterns = [
    # The first run of an empty install (step 1), then its wilayah (2) and OPD (3) sheets.
    path("penyiapan/", penyiapan_views.penyiapan_view, name="penyiapan"),
    path(
        "penyiapan/wilayah/",
        penyiapan_views.lembar_import_view,
        {"lembar": "wilayah", "penyiapan": True},
        name="penyiapan_wilayah",
    ),
    path(
        "penyiapan/wilayah/pratinjau/",
        penyiapan_views.lembar_import_preview,
        {"lembar": "wilayah", "penyiapan": True},
        name="penyiapan_wilayah_pratinjau",
    ),
    path(
        "penyiapan/wilayah/simpan/",
        penyiapan_views.lembar_import_submit,
        {"lembar": "wilayah", "penyiapan": True},
        name="penyiapan_wilayah_simpan",
    ),
    path(
        "gugus-tugas/wilayah/unggah/", penyiapan_views.lembar_import_view, {"lembar": "wilayah"}, name="wilayah_impor"
    ),
    path(
        "gugus-tugas/wilayah/unggah/pratinjau/",
        penyiapan_views.lembar_import_preview,
        {"lembar": "wilayah"},
        name="wilayah_impor_pratinjau",
    ),
    path(
        "gugus-tugas/wilayah/unggah/simpan/",
        penyiapan_views.lembar_import_submit,
        {"lembar": "wilayah"},
        name="wilayah_impor_simpan",
    ),
    path(
        "gugus-tugas/wilayah/templat.xlsx",
        penyiapan_views.lembar_template_download,
        {"lembar": "wilayah"},
        name="wilayah_templat",
    ),
    path(
        "penyiapan/opd/", penyiapan_views.lembar_import_view, {"lembar": "opd", "penyiapan": True}, name="penyiapan_opd"
    ),
    path(
        "penyiapan/opd/pratinjau/",
        penyiapan_views.lembar_import_preview,
        {"lembar": "opd", "penyiapan": True},
        name="penyiapan_opd_pratinjau",
    ),
    path(
        "penyiapan/opd/simpan/",
        penyiapan_views.lembar_import_submit,
        {"lembar": "opd", "penyiapan": True},
        name="penyiapan_opd_simpan",
    ),
    path("gugus-tugas/opd/unggah/", penyiapan_views.lembar_import_view, {"lembar": "opd"}, name="opd_impor"),
    path(
        "gugus-tugas/opd/unggah/pratinjau/",
        penyiapan_views.lembar_import_preview,
        {"lembar": "opd"},
        name="opd_impor_pratinjau",
    ),
    path(
        "gugus-tugas/opd/unggah/simpan/",
        penyiapan_views.lembar_import_submit,
        {"lembar": "opd"},
        name="opd_impor_simpan",
    ),
    path(
        "gugus-tugas/opd/templat.xlsx", penyiapan_views.lembar_template_download, {"lembar": "opd"}, name="opd_templat"
    ),
    path("gugus-tugas/", views.gugus_tugas_index, name="index"),
    path("gugus-tugas/pengguna/", views.pengguna_index, name="pengguna"),
    path("gugus-tugas/pengguna/riwayat/", views.pengguna_riwayat, name="pengguna_riwayat"),
    path("gugus-tugas/pengguna/baru/", akun_views.pengguna_create_view, name="pengguna_tambah"),
    path("gugus-tugas/pengguna/unggah/", akun_views.pengguna_import_view, name="pengguna_impor"),
    path("gugus-tugas/pengguna/unggah/simpan/", akun_views.pengguna_import_submit, name="pengguna_impor_simpan"),
    path("gugus-tugas/pengguna/<int:pk>/", akun_views.pengguna_update_view, name="pengguna_ubah"),
    path("gugus-tugas/pengguna/<int:pk>/aktif/", akun_views.pengguna_aktif_view, name="pengguna_aktif"),
    path("gugus-tugas/pengguna/<int:pk>/undangan/", akun_views.pengguna_undangan_view, name="pengguna_undangan"),
    path(
        "gugus-tugas/pengguna/<int:pk>/dua-langkah/hapus/",
        dua_langkah_views.dua_langkah_delete_view,
        name="pengguna_dua_langkah_hapus",
    ),
    path("gugus-tugas/opd/", akun_views.opd_index, name="opd"),
    path("gugus-tugas/opd/<int:pk>/petugas-data/", akun_views.opd_petugas_data_view, name="opd_petugas_data"),
    path("data-master/", master_views.master_index, name="master"),
    path("data-master/opd/", master_views.opd_master_index, name="master_opd"),
    path("data-master/opd/baru/", master_views.opd_create_view, name="master_opd_tambah"),
    path("data-master/opd/<int:pk>/", master_views.opd_update_view, name="master_opd_ubah"),
    path("data-master/opd/<int:pk>/aktif/", master_views.opd_aktif_view, name="master_opd_aktif"),
    path("data-master/wilayah/", master_views.wilayah_master_index, name="master_wilayah"),
    path("data-master/wilayah/baru/", master_views.wilayah_create_view, name="master_wilayah_tambah"),
    path("data-master/wilayah/<int:pk>/", master_views.wilayah_update_view, name="master_wilayah_ubah"),
    path("data-master/profil-daerah/", master_views.profil_daerah_update_view, name="master_profil"),
    path("data-master/profil-daerah/<int:pk>/logo/", master_views.profil_daerah_logo, name="profil_logo"),
    path("rapat/", views.rapat_index, name="rapat"),
    path("rapat/baru/", views.rapat_create_view, name="rapat_tambah"),
    path("rapat/<int:pk>/", views.rapat_detail_view, name="rapat_detail"),
    path("rapat/<int:pk>/ubah/", views.rapat_update_view, name="rapat_ubah"),
    path("rapat/<int:pk>/undangan/", views.rapat_undangan_create_view, name="rapat_undangan"),
    path("rapat/<int:pk>/kehadiran/", views.rapat_kehadiran, name="rapat_kehadiran"),
    path("rapat/<int:pk>/notulen/", views.rapat_notulen, name="rapat_notulen"),
    path("rapat/<int:pk>/keputusan/", views.rapat_keputusan_create_view, name="rapat_keputusan"),
    path("rapat/<int:pk>/tindak-lanjut/", views.rapat_tindak_lanjut_create_view, name="rapat_tindak_lanjut"),
    path("rapat/<int:pk>/addendum/", views.rapat_addendum, name="rapat_addendum"),
    path("rapat/<int:pk>/lampiran/", views.rapat_lampiran_create_view, name="rapat_lampiran"),
    path("rapat/lampiran/<int:pk>/", views.lampiran_rapat_download, name="lampiran_rapat"),
    path("rapat/<int:pk>/jadwalkan/", views.rapat_submit_view, name="rapat_jadwalkan"),
    path("rapat/<int:pk>/tutup/", views.rapat_close_view, name="rapat_tutup"),
    path("rapat/<int:pk>/undangan.ics", views.rapat_ics_view, name="rapat_ics"),
    path("rapat/<int:pk>/daftar-hadir/", views.rapat_daftar_hadir, name="rapat_daftar_hadir"),
    path("rapat/<int:pk>/notulen.pdf", views.rapat_notulen_pdf, name="rapat_notulen_pdf"),
    path("tindak-lanjut/", views.tindak_lanjut_index, name="tindak_lanjut"),
    path("tindak-lanjut/saya/", views.tindak_lanjut_saya, name="tindak_lanjut_saya"),
    path("tindak-lanjut/<int:pk>/", views.tindak_lanjut_detail_view, name="tindak_lanjut_detail"),
    path("tindak-lanjut/bukti/<int:pk>/", views.bukti_tindak_lanjut_download, name="bukti_tindak_lanjut"),
]
