"""A real Celery worker whose next PDF render first pauses, so a test can kill it mid-render.

Run as a script: `python tests/evaluasi/pekerja_lambat.py NODE_NAME [POOL]`. While the file named by
JEDA_RENDER exists, the next render removes it and sleeps before drawing the PDF.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django

django.setup()

from evaluasi import reports  # noqa: E402
from kla_metro.celery import app  # noqa: E402

JEDA = Path(os.environ["JEDA_RENDER"])
html_to_pdf = reports.html_to_pdf


def html_to_pdf_lambat(html: str) -> bytes:
    if JEDA.exists():
        JEDA.unlink()
        time.sleep(120)
    return html_to_pdf(html)


reports.html_to_pdf = html_to_pdf_lambat

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            f"--pool={sys.argv[2] if len(sys.argv) > 2 else 'solo'}",
            "--concurrency=1",
            "--hostname",
            sys.argv[1],
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
