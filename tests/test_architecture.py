"""The import contracts of pyproject.toml hold, and they fail when a layer is crossed.

``make lint`` runs ``lint-imports`` on the real tree. Here a copy of the package gets one
deliberately forbidden import, and the same contracts must report it broken: a contract
that cannot fail checks nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("src")
    shutil.copytree(
        REPO / "src" / "jixiao", root / "jixiao", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


def test_the_real_tree_keeps_every_contract(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/values.py", "import django.db", "The core imports no web framework"),
        ("cli/check.py", "from jixiao.web.plans import models", "file commands import no Django"),
        ("web/orgs/models.py", "import jixiao.web.plans.models", "Web apps"),
        ("web/plans/views/todo.py", "from jixiao.web.plans.views import plan", "Views import"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tree: Path, tmp_path: Path, module: str, line: str, contract: str
) -> None:
    bad = tmp_path / "src"
    shutil.copytree(tree, bad)
    path = bad / "jixiao" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint(bad)
    assert result.returncode == 1, result.stdout
    broken = [ln for ln in result.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(contract in ln for ln in broken), result.stdout
