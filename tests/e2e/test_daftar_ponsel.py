"""Phone lists in Chromium at 375 px: follow-ups, the verification queue, the RAD list and the reports are stacked cards
with each key field under its label, and no page is wider than the screen."""

import pytest

from evaluasi.models import LaporanJob
from gugus_tugas.models import OPD, User
from rad_kla.models import PeriodePelaporan
from tests.evaluasi.factories import LaporanJobFactory

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# (user, list, table, the labelled fields each card shows)
DAFTAR = [
    ("opd.dinkes", "/tindak-lanjut/saya/", "tabel-tindak-lanjut", ["Tindak lanjut", "Batas waktu", "Status"]),
    ("koordinator.klaster3", "/tindak-lanjut/", "tabel-tindak-lanjut", ["Tindak lanjut", "Rapat", "OPD", "Status"]),
    ("koordinator.klaster3", "/rad/verifikasi/", "antrean-verifikasi", ["Aksi", "Capaian s.d. periode", "OPD"]),
    ("opd.dinkes", "/rad/", "daftar-rad", ["Aksi", "Capaian thd. target", "Pagu", "Serapan", "Progres"]),
    ("admin.dp3ap2kb", "/laporan/", "daftar-laporan", ["Laporan", "Diminta", "Status"]),
]
# Each visible card cell, with the label its ::before shows and whether it fits the screen.
CELLS = """(table) => [...table.querySelectorAll("tbody tr:first-child td[data-label]")]
    .filter((td) => td.offsetParent !== null)
    .map((td) => ({
        label: getComputedStyle(td, "::before").content.replace(/^"|"$/g, ""),
        text: td.innerText.trim(),
        right: td.getBoundingClientRect().right,
    }))"""


def test_the_lists_are_cards_with_labelled_fields_on_a_375_px_phone(demo, live_server, phone):
    periode = PeriodePelaporan.objects.filter(tahun__gte=2025).first()
    parameter = {"tahun": periode.tahun, "opd": OPD.objects.get(singkatan="Dinkes").pk, "periode": periode.pk}
    admin = User.objects.get(username="admin.dp3ap2kb")
    LaporanJobFactory(jenis="rad", parameter=parameter, diminta_oleh=admin, status=LaporanJob.Status.SELESAI)
    for username, path, testid, labels in DAFTAR:
        phone.context.clear_cookies()
        phone.goto(f"{live_server.url}/accounts/login/")
        phone.fill("input[name=username]", username)
        phone.fill("input[name=password]", DEMO_PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_url(f"{live_server.url}/")
        phone.goto(live_server.url + path)
        table = phone.get_by_test_id(testid)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
        assert not table.locator("thead").is_visible(), path
        cells = table.evaluate(CELLS)
        shown = {cell["label"]: cell for cell in cells}
        for label in labels:
            assert label in shown and shown[label]["text"], (path, label, cells)
        assert all(cell["right"] <= 375 for cell in cells), (path, cells)
    assert "RAD" in shown["Laporan"]["text"] and "Dinas Kesehatan" in shown["Laporan"]["text"]
