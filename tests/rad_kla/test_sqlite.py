"""`make run` keeps its embedded SQLite database: the action page reads there without PostgreSQL's arrays."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
from django.test import Client
from gugus_tugas.models import OPD, User
from gugus_tugas.services import pengguna_peran_set, roles_setup
from klaster.models import Indikator
from rad_kla.models import PeriodePelaporan, RencanaAksi
roles_setup()
dinkes = OPD.objects.create(nama='Dinas Kesehatan', singkatan='Dinkes')
disdik = OPD.objects.create(nama='Dinas Pendidikan', singkatan='Disdik')
rencana = RencanaAksi.objects.create(
    kode='A1', uraian='Aksi uji', indikator=Indikator.objects.first(), opd=dinkes, satuan='kegiatan'
)
rencana.opd_terkait.add(disdik)
PeriodePelaporan.objects.create(tahun=2026, jenis='triwulan', nomor=1, mulai='2026-01-01', selesai='2026-03-31',
    batas_lapor='2026-04-10', terbuka=True)
user = User.objects.create(username='op', opd=dinkes)
pengguna_peran_set(user=user, peran='operator_opd', opd=dinkes, by=None)
client = Client(HTTP_HOST='localhost')
client.force_login(user)
response = client.get(f'/rad/aksi/{rencana.pk}/')
print(response.status_code, 'Disdik' in response.content.decode())
"""


def test_the_action_page_opens_on_the_embedded_sqlite_database(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}},
        "DEBUG": "True",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    for args in (["migrate", "--noinput"], ["shell", "-c", CODE]):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "200 True"
