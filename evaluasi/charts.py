"""SVG charts for the PDF reports, drawn with matplotlib's object API (no pyplot global state in workers)."""

import base64
import io
import re
from decimal import Decimal

from django.utils.formats import number_format

WARNA_SKOR = "#0b6e4f"
WARNA_BOBOT = "#d7e8df"
WARNA_SERAPAN = "#c77d0a"


def _svg(figure) -> str:
    """The figure as an SVG data URI for an <img>: each chart keeps its own ids and styles."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "kla-metro"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=96)
    figure.set_layout_engine("constrained")
    return figure


def _angka(value, decimal_pos: int = 0) -> str:
    return number_format(Decimal(str(value)), decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def skor_per_klaster_svg(*, labels: list[str], skor: list[float], bobot: list[float]) -> str:
    """Claimed score against the maximum per cluster, as horizontal bars."""
    figure = _figure(6.8, 0.45 * len(labels) + 0.9)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, bobot, color=WARNA_BOBOT, label="Bobot")
    axes.barh(positions, skor, color=WARNA_SKOR, height=0.5, label="Skor")
    for y, value, maks in zip(positions, skor, bobot, strict=True):
        axes.text(maks, y, f" {_angka(value, 1)} / {_angka(maks)}", va="center", fontsize=8)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlim(0, max(bobot or [1]) * 1.35)
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, loc="lower right", frameon=False)
    return _svg(figure)


def skala_predikat_svg(*, skor: float, didukung: float, ambang: list[tuple[str, float]], target: float | None) -> str:
    """The 0–1000 scale with the predikat thresholds, the claimed and the evidence-backed score."""
    figure = _figure(6.8, 1.5)
    axes = figure.add_subplot()
    batas = [*(a[1] for a in ambang), 1000.0]
    axes.barh([0], [1000], color="#f1f1f1", height=0.6)
    for (nama, mulai), akhir in zip(ambang, batas[1:], strict=True):
        axes.axvline(mulai, color="#888", linewidth=0.8)
        axes.text((mulai + akhir) / 2, 0.55, nama, ha="center", fontsize=7)
    axes.barh([0], [didukung], color="#8fc3ab", height=0.35, label="Didukung bukti")
    axes.plot([skor], [0], marker="v", color=WARNA_SKOR, markersize=10, label="Skor klaim")
    if target is not None:
        axes.axvline(target, color="#a40000", linestyle="--", linewidth=1.2, label="Target")
    axes.set_xlim(0, 1000)
    axes.set_ylim(-0.6, 0.9)
    axes.set_yticks([])
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.legend(fontsize=7, loc="lower left", ncols=3, frameon=False, bbox_to_anchor=(0, -0.9))
    return _svg(figure)


def capaian_serapan_svg(*, labels: list[str], capaian: list[float | None], serapan: list[float | None]) -> str:
    """RAD physical progress and budget absorption per group, in percent, side by side."""
    figure = _figure(6.8, 0.5 * len(labels) + 1.0)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    tinggi = 0.38
    axes.barh(
        [p + tinggi / 2 for p in positions],
        [c or 0 for c in capaian],
        height=tinggi,
        color=WARNA_SKOR,
        label="Capaian fisik",
    )
    axes.barh(
        [p - tinggi / 2 for p in positions],
        [s or 0 for s in serapan],
        height=tinggi,
        color=WARNA_SERAPAN,
        label="Serapan anggaran",
    )
    axes.set_yticks(positions, [re.sub(r"\s+", " ", label) for label in labels], fontsize=8)
    axes.set_xlim(0, 110)
    axes.set_xlabel("%", fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, loc="lower right", frameon=False)
    return _svg(figure)
