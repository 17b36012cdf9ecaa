"""Fixtures for case tests: a kelurahan and a helper that posts a complete case form."""

import pytest

from tests.kasus.factories import KelurahanFactory


@pytest.fixture
def kelurahan(db):
    return KelurahanFactory(nama="Yosomulyo")


@pytest.fixture
def kasus_post(kelurahan):
    """The POST body of a valid new case; tests override single fields to make it invalid."""

    def build(**overrides) -> dict:
        data = {
            "tanggal_lapor": "2025-03-10",
            "tanggal_kejadian": "2025-03-08",
            "saluran": "sapa_129",
            "kelurahan": str(kelurahan.pk),
            "tempat_kejadian": "rumah_tangga",
            "kronologi": "Kejadian di rumah, dilaporkan oleh guru.",
            "jenis_kekerasan": ["fisik", "psikis"],
            "korban-TOTAL_FORMS": "2",
            "korban-INITIAL_FORMS": "0",
            "korban-MIN_NUM_FORMS": "0",
            "korban-MAX_NUM_FORMS": "1000",
            "korban-0-nama": "Melati Canary",
            "korban-0-nik": "0000123412341234",
            "korban-0-alamat": "Jl. Kenanga 5",
            "korban-0-telepon": "0800-1111-2222",
            "korban-0-nama_orang_tua": "Ibu Canary",
            "korban-0-jenis_kelamin": "P",
            "korban-0-tanggal_lahir": "2014-05-01",
            "korban-0-pendidikan": "sd",
            # What a browser sends for the untouched second victim row.
            "korban-1-pendidikan": "tidak_diketahui",
            "pelaku-TOTAL_FORMS": "1",
            "pelaku-INITIAL_FORMS": "0",
            "pelaku-MIN_NUM_FORMS": "0",
            "pelaku-MAX_NUM_FORMS": "1000",
            "pelaku-0-nama": "Pelaku Canary",
            "pelaku-0-jenis_kelamin": "L",
            "pelaku-0-kelompok_umur": "25-44",
            "pelaku-0-hubungan": "tetangga",
        }
        for key, value in overrides.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    return build
