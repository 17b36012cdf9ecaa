"""The apps' layers hold: no module imports an app above its own or a sibling beside it, anywhere in its body."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Bottom to top; apps on one level are siblings and do not import each other.
LEVELS = [{"core"}, {"klaster"}, {"gugus_tugas"}, {"notifikasi"}, {"rad_kla", "kasus"}, {"evaluasi"}, {"kla_metro"}]
LEVEL = {app: n for n, apps in enumerate(LEVELS) for app in apps}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(LEVEL)


def test_no_module_imports_a_higher_or_sibling_app():
    wrong = []
    for app in LEVEL:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for other in _imported_apps(path) - {app}:
                if LEVEL[other] >= LEVEL[app]:
                    wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not wrong, "\n".join(sorted(wrong))


def test_every_app_has_a_level():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"kla_metro"}
    assert apps <= set(LEVEL), apps - set(LEVEL)
