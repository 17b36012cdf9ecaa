"""WCAG 2.1 AA in Chromium: axe-core finds no serious or critical problem (nor a skipped heading level) on
any main page of any role, at 1280 px and at 375 px, and no page is wider than a 375 px phone screen."""

import re
from pathlib import Path

import pytest

from .conftest import STEP_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_RUN = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        // Heading order is a best practice rather than a WCAG criterion (moderate); it fails the test too.
        rules: {"heading-order": {enabled: true}},
        resultTypes: ["violations"],
    });
    return result.violations
        .map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.map((n) => ({
                target: n.target.join(" "),
                summary: (n.failureSummary || "").split("\\n").slice(1, 2).join("").trim(),
            })),
        }));
}"""
WIDTHS = (1280, 375)
ROLES = ("admin.dp3ap2kb", "pimpinan.bappeda", "koordinator.klaster3", "opd.dinkes", "petugas.uptdppa")
# Main pages; a page a role may not open (403/404) is skipped for that role. A "(list, pattern)" entry is
# the first link on the list page whose path matches the pattern: an action, a meeting, an indicator, a case.
PAGES = (
    "/",
    "/rad/",
    "/rad/saya/",
    ("/rad/saya/", r"^/rad/aksi/\d+/$"),
    ("/rad/", r"^/rad/aksi/\d+/$"),
    "/rad/matriks/",
    "/rad/verifikasi/",
    "/rad/rekap/",
    "/rad/periode/",
    "/rapat/",
    ("/rapat/", r"^/rapat/\d+/$"),
    "/tindak-lanjut/",
    "/tindak-lanjut/saya/",
    "/laporan/",
    "/evaluasi/",
    ("/evaluasi/", r"^/evaluasi/\d+/indikator/\d+/$"),
    "/klaster/",
    ("/klaster/", r"^/klaster/indikator/\d+/$"),
    "/kasus/",
    "/kasus/tambah/",
    "/kasus/statistik/",
    ("/kasus/", r"^/kasus/\d+/$"),
    "/notifikasi/",
    "/notifikasi/pengaturan/",
    "/gugus-tugas/",
    "/gugus-tugas/pengguna/",
    "/gugus-tugas/opd/",
    "/data-master/",
    "/data-master/opd/",
    "/data-master/wilayah/",
    "/data-master/profil-daerah/",
)


def _check(page, url: str, label: str, found: list, minor: list) -> bool:
    """Visit url at each width; False when the page is not this role's to open."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
        response = page.goto(url)
        if response is None or response.status != 200:
            return False
        page.wait_for_load_state("load")
        for violation in page.evaluate(AXE_RUN):
            serious = violation["impact"] in ("serious", "critical") or violation["id"] == "heading-order"
            for node in violation["nodes"]:
                line = f"{label} @{width}px: {violation['id']} ({violation['impact']}) {node['target']}"
                (found if serious else minor).append(f"{line} {node['summary'][:160]}")
        if width == 375:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                found.append(f"{label} @{width}px: halaman {scroll_width} px lebar, lebih dari layar")
    return True


def _first_link(page, base: str, list_path: str, pattern: str) -> str | None:
    response = page.goto(base + list_path)
    if response is None or response.status != 200:
        return None
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => new URL(a.href).pathname)")
    return next((href for href in hrefs if re.match(pattern, href)), None)


def test_every_main_page_of_every_role_passes_axe_and_fits_a_phone(demo, live_server, login, browser):
    found: list[str] = []
    minor: list[str] = []  # other moderate and minor findings: printed, not failed on
    visited: dict[str, list[str]] = {}
    for username in (None, *ROLES):
        # The app's own CSP stays in force; axe comes in as an init script, which CSP does not govern.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        try:
            if username is None:
                _check(page, f"{live_server.url}/accounts/login/", "(tamu) /accounts/login/", found, minor)
                continue
            login(page, username)
            seen = set()
            for entry in PAGES:
                path = entry if isinstance(entry, str) else _first_link(page, live_server.url, *entry)
                if path is None or path in seen:
                    continue
                seen.add(path)
                if _check(page, live_server.url + path, f"{username} {path}", found, minor):
                    visited.setdefault(username, []).append(path)
        finally:
            context.close()
    # Each role really saw its pages (a broken login would otherwise pass with nothing checked).
    assert all(len(visited.get(username, [])) >= 5 for username in ROLES), visited
    print(f"{len(minor)} temuan ringan/sedang:", *minor, sep="\n")
    print("\n".join(f"{user}: {' '.join(paths)}" for user, paths in visited.items()))
    assert not found, f"{len(found)} masalah aksesibilitas:\n" + "\n".join(found)
