"""The secretariat keeps master data on a phone: an OPD with another name, a kelurahan, the region's name."""

import pytest

from gugus_tugas.models import OPD, ProfilDaerah, Wilayah

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_admin_keeps_opd_wilayah_and_the_region_profile_on_a_phone(demo, live_server, login, phone):
    page = phone
    login(page, "admin.dp3ap2kb")
    page.click("button.navbar-toggler")
    page.locator("[data-testid=menu-data-master]").click()
    page.wait_for_selector("[data-testid=data-master]")
    assert fits(page)

    # OPD: search, add one with another name its documents use.
    page.get_by_role("link", name="Kelola OPD").click()
    page.fill("input[name=q]", "kesehatan")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_selector("[data-testid=daftar-opd] >> text=Dinas Kesehatan")
    assert fits(page)
    page.get_by_role("link", name="Tambah OPD").click()
    page.fill("input[name=nama]", "Badan Uji Jurnal Data Master")
    page.fill("input[name=singkatan]", "BUJDM")
    page.select_option("select[name=jenis]", "badan")
    page.fill("textarea[name=nama_lain]", "Kantor Uji Jurnal Lama")
    assert fits(page)
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=OPD Badan Uji Jurnal Data Master ditambahkan.")
    assert OPD.objects.get(singkatan="BUJDM").nama_lain.get().nama == "Kantor Uji Jurnal Lama"

    # Wilayah: a new kelurahan under its kecamatan, from the kecamatan's card.
    page.goto(f"{live_server.url}/data-master/wilayah/")
    assert fits(page)
    pusat = Wilayah.objects.get(jenis=Wilayah.Jenis.KECAMATAN, nama="Metro Pusat")
    page.locator(f"a[href$='?induk={pusat.pk}']").click()
    page.fill("input[name=nama]", "Kelurahan Uji Jurnal")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=ditambahkan.")
    assert Wilayah.objects.get(nama="Kelurahan Uji Jurnal").induk == pusat

    # The region profile: renamed, and the footer follows on the next page.
    page.goto(f"{live_server.url}/data-master/profil-daerah/")
    assert fits(page)
    page.select_option("select[name=jenis]", "kabupaten")
    page.fill("input[name=nama_daerah]", "Merangin")
    page.fill("input[name=provinsi]", "Jambi")
    page.fill("input[name=kode]", "15.02")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=Profil Kabupaten Merangin disimpan.")
    assert ProfilDaerah.objects.get().nama_lengkap == "Kabupaten Merangin"
    assert "KLA Kabupaten Merangin" in page.locator("[data-testid=kaki-merek]").inner_text()
    assert "Nama daerah: Metro → Merangin" in page.locator("[data-testid=riwayat-profil]").inner_text()
    assert fits(page)
