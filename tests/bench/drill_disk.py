"""Drill: the disk under MEDIA_ROOT is full; uploads and reports must fail in words, leave no file, and recover.

Run on demand, as root:  .venv/bin/python tests/bench/drill_disk.py
Mounts a small tmpfs on a temporary folder and uses it as MEDIA_ROOT (unmounted at the end, also on error), with
its own database (kla_drill_disk), its own redis-server on a free port, two gunicorn servers and a Celery worker.
1. A filler file leaves less free space than an evidence PDF; `opd.dinkes` submits a realisation with that PDF three
   times and with a smaller one kept in memory once (each must be HTTP 200 with "Penyimpanan server penuh", never a
   500, an ERROR log line and no new file under private/).
   1b. The same on the second server, whose upload spool (FILE_UPLOAD_TEMP_DIR) is on the full disk too, as when
       var/tmp/unggah and var/media share a disk; no spooled file may stay behind.
   1c. Free space just below the PDF's size (inside the last 64 KiB chunk copied from the spool): still HTTP 200
       with the notice, not a stored truncated file.
   The filler is deleted and one more submission must be HTTP 302 with exactly one new file.
2. MEDIA_ROOT is filled completely; `admin.dp3ap2kb` requests the annual evaluation report, which must end `gagal`
   within seconds with the reason in words; space is freed and the same request is made again, which must end
   `selesai`. Prints each step, a summary table and a verdict.
"""

import errno
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path

from drill_common import (
    Client,
    drill_env,
    free_port,
    http_wait_job,
    job_status,
    latest_job_id,
    prepare_database,
    shell,
    start_gunicorn,
    start_redis,
    start_worker,
)

MIB = 1024 * 1024
UKURAN_TMPFS = 32 * MIB
SISA_RUANG = 512 * 1024  # free space left by the filler in step 1: less than the evidence file
UKURAN_BUKTI = 3 * MIB  # above the 2.5 MB in-memory limit: spooled to FILE_UPLOAD_TEMP_DIR, then copied in
UKURAN_BUKTI_KECIL = 1 * MIB  # kept in memory by Django, still more than the free space
PENUH = "Penyimpanan server penuh"
LOG_PENUH = "Private storage full"
TAHUN_LAPORAN = "2025"


class UnggahClient(Client):
    """The drills' client, plus multipart form posts (evidence uploads)."""

    def get_bytes(self, path: str) -> tuple[int, bytes]:
        """GET a download as raw bytes (the base client decodes text)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        try:
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return 0, b""

    def post_multipart(self, path: str, fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, content_type) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": f"http://127.0.0.1:{self.port}{path}",
        }
        try:
            self.conn.request("POST", path, body=b"".join(parts), headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            return 0, str(error)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text


def mount_tmpfs(size: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kla-drill-disk-"))
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        )
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        folder.rmdir()
        detail = getattr(error, "stderr", "") or str(error)
        raise SystemExit(f"tmpfs tidak dapat dipasang (jalankan sebagai root): {detail.strip()}") from error
    return folder


def umount(folder: Path) -> None:
    for _ in range(10):
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode == 0:
            break
        time.sleep(1)
    else:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        print(f"   {folder} masih dipakai; dilepas dengan umount -l")
    try:
        folder.rmdir()
    except OSError as error:
        print(f"   {folder} tidak dapat dihapus: {error}")


def bytes_free(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def fill(media_root: Path, leave: int) -> Path:
    """Write a filler file in MEDIA_ROOT (not under private/) until only `leave` bytes are free."""
    filler = media_root / "pengisi.bin"
    chunk = b"\0" * MIB
    with filler.open("ab") as out:
        need = bytes_free(media_root) - leave
        try:
            while need > 0:
                out.write(chunk[: min(need, MIB)])
                out.flush()
                need = bytes_free(media_root) - leave
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    return filler


def list_files(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_size for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


def count_files(folder: Path) -> int:
    return len(list_files(folder))


def log_count(process, text: str) -> int:
    return process.log.read_text(errors="replace").count(text)


def pdf_bytes(size: int) -> bytes:
    head, tail = b"%PDF-1.4\n%latihan disk penuh\n", b"\n%%EOF\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


def wait_for_log(process, text: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in process.log.read_text(errors="replace"):
            return True
        time.sleep(0.5)
    return False


def realisasi_target(env: dict) -> tuple[int, int, str]:
    """An action of Dinkes with a target in an open period whose realisation is absent or still editable."""
    line = shell(
        env,
        "from gugus_tugas.models import User\n"
        "from rad_kla.models import PeriodePelaporan, Realisasi, RencanaAksi\n"
        "u = User.objects.get(username='opd.dinkes')\n"
        "hasil = ''\n"
        "for p in PeriodePelaporan.objects.filter(terbuka=True).order_by('-tahun', 'pk'):\n"
        "    for r in RencanaAksi.objects.filter(opd_id=u.opd_id, target__tahun=p.tahun).distinct().order_by('pk'):\n"
        "        x = Realisasi.objects.filter(rencana_aksi=r, periode=p).first()\n"
        "        if x is None or x.dapat_diubah:\n"
        "            hasil = f'{r.pk}|{p.pk}|{r.kode} {p.label}'\n"
        "            break\n"
        "    if hasil:\n"
        "        break\n"
        "print(hasil or 'tidak-ada')",
    )
    if line == "tidak-ada":
        raise RuntimeError("tidak ada aksi Dinkes dengan periode terbuka yang realisasinya dapat diisi")
    rencana, periode, label = line.split("|", 2)
    return int(rencana), int(periode), label


def _on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _on_sigterm)
    failures: list[str] = []
    rows: list[tuple[str, str, str, bool]] = []

    def check(step: str, value: str, expected: str, ok: bool) -> None:
        rows.append((step, value, expected, ok))
        if not ok:
            failures.append(f"{step}: {value} (harapan {expected})")

    media = mount_tmpfs(UKURAN_TMPFS)
    private = media / "private"
    spool = media / "unggah"
    processes = []
    print(f"tmpfs {UKURAN_TMPFS // MIB} MiB dipasang di {media} sebagai MEDIA_ROOT.", flush=True)
    try:
        private.mkdir()
        spool.mkdir()
        redis_port, web_port, spool_port = free_port(), free_port(), free_port()
        env = drill_env("kla_drill_disk", f"redis://127.0.0.1:{redis_port}/0", MEDIA_ROOT=str(media))
        print("Menyiapkan basis data kla_drill_disk ...", flush=True)
        prepare_database(env)
        processes.append(start_redis(redis_port))
        web = start_gunicorn(env, web_port)
        processes.append(web)
        processes.append(start_gunicorn({**env, "FILE_UPLOAD_TEMP_DIR": str(spool)}, spool_port))
        worker = start_worker(env)
        processes.append(worker)

        # 1. Evidence upload on a full disk.
        rencana, periode, label = realisasi_target(env)
        path = f"/rad/aksi/{rencana}/realisasi/{periode}/"
        opd = UnggahClient(web_port)
        opd.login("opd.dinkes")
        code, _, _ = opd.request("GET", path)
        print(f"1. Realisasi {label}: GET {path} -> HTTP {code}")
        if code != 200:
            raise RuntimeError(f"formulir realisasi tidak terbuka: HTTP {code}")
        fields = {
            "nilai_capaian": "",
            "realisasi_anggaran": "0",
            "narasi": "Latihan penyimpanan penuh.",
            "kendala": "",
            "anggaran_lebih_dikonfirmasi": "on",
            "simpan": "",
        }
        bukti = {"berkas": ("bukti-latihan.pdf", pdf_bytes(UKURAN_BUKTI), "application/pdf")}
        filler = fill(media, SISA_RUANG)
        before = count_files(private)
        free_before = bytes_free(media)
        log_before = log_count(web, LOG_PENUH)
        print(f"   pengisi {filler.stat().st_size / MIB:.1f} MiB; sisa {free_before} B; berkas di private/: {before}")
        print(f"   bukti PDF {UKURAN_BUKTI / MIB:.1f} MiB, lebih besar dari sisa ruang")
        codes, shown = [], []
        for attempt in range(1, 4):
            started = time.monotonic()
            code, html = opd.post_multipart(path, fields, bukti)
            codes.append(code)
            shown.append(PENUH in html)
            print(
                f"   percobaan {attempt}: HTTP {code} dalam {time.monotonic() - started:.2f} s; "
                f"pesan '{PENUH}' tampil: {'ya' if PENUH in html else 'tidak'}; sisa {bytes_free(media)} B"
            )
        after = count_files(private)
        free_after = bytes_free(media)
        log_lines = log_count(web, LOG_PENUH) - log_before
        print(f"   berkas di private/: {before} -> {after}; sisa ruang {free_before} -> {free_after} B")
        print(f"   baris log ERROR '{LOG_PENUH}' di {web.log.name}: {log_lines}")
        # A file under the in-memory upload limit is written by another code path of the storage.
        small = {"berkas": ("bukti-kecil.pdf", pdf_bytes(UKURAN_BUKTI_KECIL), "application/pdf")}
        code, html = opd.post_multipart(path, fields, small)
        small_after = count_files(private)
        small_log = log_count(web, LOG_PENUH) - log_before - log_lines
        print(
            f"   bukti {UKURAN_BUKTI_KECIL / MIB:.1f} MiB (di memori): HTTP {code}; pesan tampil: "
            f"{'ya' if PENUH in html else 'tidak'}; berkas di private/: {after} -> {small_after}"
        )
        check("unggah penuh: HTTP", " ".join(map(str, codes)), "200 200 200", codes == [200, 200, 200])
        check("unggah penuh: pesan tampil", f"{sum(shown)}/3", "3/3", all(shown))
        check("unggah penuh: berkas baru", str(after - before), "0", after == before)
        check("unggah penuh: sisa ruang", f"{free_after} B", f"{free_before} B", free_after == free_before)
        check("unggah penuh: log ERROR", str(log_lines), "3", log_lines == 3)
        check(
            "unggah penuh di memori",
            f"HTTP {code}, {small_after - after} berkas",
            "HTTP 200, 0 berkas",
            code == 200 and PENUH in html and small_after == after and small_log == 1,
        )

        # 1b. The upload spool on the same disk, as in production (var/tmp/unggah and var/media on one disk).
        opd_spool = UnggahClient(spool_port)
        opd_spool.login("opd.dinkes")
        spool_before = count_files(private)
        code, html = opd_spool.post_multipart(path, fields, bukti)
        spool_after = count_files(private)
        left_now, free_now = count_files(spool), bytes_free(media)
        waited = time.monotonic()
        while count_files(spool) and time.monotonic() - waited < 10:
            time.sleep(0.5)
        left = count_files(spool)
        print(
            f"1b. Unggahan sementara di disk yang sama (FILE_UPLOAD_TEMP_DIR di tmpfs): HTTP {code}; pesan tampil: "
            f"{'ya' if PENUH in html else 'tidak'}; berkas di private/: {spool_before} -> {spool_after}"
        )
        print(
            f"   berkas sementara tertinggal: {left_now} (sisa ruang {free_now} B), "
            f"{left} setelah {time.monotonic() - waited:.0f} s (sisa ruang {bytes_free(media)} B)"
        )
        check(
            "unggah penuh, spool sama",
            f"HTTP {code}, {spool_after - spool_before} berkas",
            "HTTP 200, 0 berkas",
            code == 200 and PENUH in html and spool_after == spool_before,
        )
        check("spool sama: berkas sementara", f"{left_now} -> {left}", "0", left == 0)

        # 1c. Free space runs out inside the last 64 KiB chunk of the copy from the upload spool.
        filler.unlink()
        filler = fill(media, UKURAN_BUKTI - 20_000)
        edge_free = bytes_free(media)
        edge_before = list_files(private)
        code, html = opd.post_multipart(path, fields, bukti)
        new = {k: v for k, v in list_files(private).items() if k not in edge_before}
        sizes = ", ".join(f"{v} B" for v in new.values()) or "-"
        print(
            f"1c. Sisa {edge_free} B, {UKURAN_BUKTI - edge_free} B kurang dari bukti {UKURAN_BUKTI} B: HTTP {code}; "
            f"pesan tampil: {'ya' if PENUH in html else 'tidak'}; berkas baru: {len(new)} ({sizes})"
        )
        check(
            "unggah pas di batas",
            f"HTTP {code}, {len(new)} berkas",
            "HTTP 200, 0 berkas",
            code == 200 and PENUH in html and not new,
        )
        after = count_files(private)

        filler.unlink()
        code, html = opd.post_multipart(path, fields, bukti)
        recovered = count_files(private)
        print(
            f"   pengisi dihapus (sisa {bytes_free(media) // MIB} MiB): HTTP {code}; "
            f"berkas di private/: {after} -> {recovered}"
        )
        check("unggah pulih: HTTP", str(code), "302", code == 302)
        check("unggah pulih: berkas baru", str(recovered - after), "1", recovered - after == 1)

        # 2. The report job when its file cannot be written.
        if not wait_for_log(worker, " ready.", timeout=60):
            raise RuntimeError("worker Celery tidak siap dalam 60 detik")
        admin = UnggahClient(web_port)
        admin.login("admin.dp3ap2kb")
        filler = fill(media, 0)
        before = count_files(private)
        log_before = log_count(worker, LOG_PENUH)
        print(f"2. MEDIA_ROOT diisi penuh (sisa {bytes_free(media)} B); berkas di private/: {before}")
        started = time.monotonic()
        code, _, _ = admin.request("POST", "/laporan/", {"jenis": "evaluasi", "tahun": TAHUN_LAPORAN})
        job = latest_job_id(env)
        seen, _ = http_wait_job(admin, job, {"selesai", "gagal"}, timeout=180)
        took = time.monotonic() - started
        status, percobaan, pesan = job_status(env, job).split("|", 2)
        _, page, _ = admin.request("GET", "/laporan/")
        after = count_files(private)
        log_lines = log_count(worker, LOG_PENUH) - log_before
        print(f"   POST /laporan/ (evaluasi {TAHUN_LAPORAN}) -> HTTP {code}; laporan {job}: {seen} dalam {took:.1f} s")
        print(f"   status {status}, percobaan {percobaan}, pesan: {pesan}")
        shown = "ya" if PENUH in page else "tidak"
        print(f"   pesan tampil di /laporan/: {shown}; berkas di private/: {before} -> {after}")
        print(f"   baris log ERROR '{LOG_PENUH}' di {worker.log.name}: {log_lines}")
        check("laporan penuh: HTTP", str(code), "302", code == 302)
        check("laporan penuh: status", f"{status} ({took:.1f} s)", "gagal < 60 s", status == "gagal" and took < 60)
        check("laporan penuh: pesan", pesan, PENUH, PENUH in pesan)
        check("laporan penuh: di /laporan/", shown, "ya", shown == "ya")
        check("laporan penuh: percobaan", percobaan, "1", percobaan == "1")
        check("laporan penuh: berkas baru", str(after - before), "0", after == before)

        filler.unlink()
        started = time.monotonic()
        code, _, _ = admin.request("POST", "/laporan/", {"jenis": "evaluasi", "tahun": TAHUN_LAPORAN})
        fresh = latest_job_id(env)
        seen, _ = http_wait_job(admin, fresh, {"selesai", "gagal"}, timeout=240)
        took = time.monotonic() - started
        status, percobaan, pesan = job_status(env, fresh).split("|", 2)
        ukuran = shell(env, f"from evaluasi.models import LaporanJob as J; print(J.objects.get(pk={fresh}).ukuran)")
        download, body = admin.get_bytes(f"/laporan/{fresh}/unduh/")
        print(
            f"   pengisi dihapus; permintaan sama lagi -> HTTP {code}; laporan {fresh}: {status} dalam {took:.1f} s"
            f"{'; ' + pesan if pesan else ''}"
        )
        print(f"   unduh -> HTTP {download}, {len(body)} B (tercatat {ukuran} B), PDF: {body.startswith(b'%PDF-')}")
        check("laporan pulih: job baru", str(fresh), f"> {job}", fresh > job)
        check("laporan pulih: status", f"{status} ({took:.1f} s)", "selesai", status == "selesai")
        check(
            "laporan pulih: unduh",
            f"HTTP {download}, {len(body)} B",
            f"HTTP 200, {ukuran} B",
            download == 200 and str(len(body)) == ukuran and body.startswith(b"%PDF-"),
        )
    except Exception as error:
        traceback.print_exc()
        if isinstance(error, subprocess.CalledProcessError) and error.stderr:
            print(error.stderr[-3000:])
        failures.append(f"latihan terhenti: {error}")
    finally:
        for process in reversed(processes):
            process.stop()
        umount(media)
        print(f"tmpfs {media} dilepas.")

    width = max((len(r[0]) for r in rows), default=10)
    value_width = min(28, max((len(r[1]) for r in rows), default=10))
    print("\nRINGKASAN")
    print(f"{'langkah':<{width}}  {'hasil':<{value_width}}  {'harapan':<24}  ok")
    for step, value, expected, ok in rows:
        print(f"{step:<{width}}  {value[:value_width]:<{value_width}}  {expected:<24}  {'ya' if ok else 'TIDAK'}")
    print("HASIL:", "LULUS" if not failures else "GAGAL: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
