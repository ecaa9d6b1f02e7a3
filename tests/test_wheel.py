"""The built wheel ships the bundled plans and works when installed in a fresh venv.

The wheel is installed with `--no-deps` into a new venv. So that no network is
needed, the venv reaches the dependencies (Textual, pydantic, ...) through a
`.pth` file naming the test environment's site-packages. A plain path in a
`.pth` file adds that folder to `sys.path` but does not run the `.pth` files
inside it, so an editable install of the source tree stays invisible, and the
venv's own site-packages come first. The tests still check that the code
imported is the venv's copy, so the source tree cannot make them pass by
accident.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from plan_helpers import PROJECT_ROOT

SOURCE_PLANS = sorted(path.stem for path in (PROJECT_ROOT / "sessions").glob("*.toml"))


def _run(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


def _ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    _ok(_run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, PROJECT_ROOT))
    (built,) = out.glob("facilitator_tui-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv with the wheel installed; returns its bin folder."""
    root = tmp_path_factory.mktemp("venv") / "env"
    _ok(_run(sys.executable, "-m", "venv", root))
    bin_dir = root / ("Scripts" if os.name == "nt" else "bin")
    where = _ok(_run(bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"))
    # Every site-packages folder this test run imports from, and nothing else
    # (not the source tree an editable install put on sys.path).
    ours = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    ours += [entry for entry in sys.path if Path(entry).name in ("site-packages", "dist-packages")]
    (Path(where.stdout.strip()) / "test-dependencies.pth").write_text(
        "".join(f"{folder}\n" for folder in dict.fromkeys(ours)), encoding="utf-8"
    )
    _ok(_run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--ignore-installed", wheel))
    return bin_dir


def test_wheel_contains_the_bundled_plans(wheel):
    assert "partnership-dynamics" in SOURCE_PLANS
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(
        Path(name).stem for name in names if name.startswith("facilitator_tui/sessions/") and name.endswith(".toml")
    )
    assert shipped == SOURCE_PLANS
    assert "facilitator_tui/cli/__init__.py" in names
    assert "facilitator_tui/core/fold.py" in names


def test_wheel_ships_the_stylesheet_and_the_day_log_schema(wheel):
    """The app cannot start without its .tcss, and exports promise a shipped schema."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "facilitator_tui/ui/app.tcss" in names
    assert "facilitator_tui/ui/display.tcss" in names, "the room display's stylesheet"
    assert "facilitator_tui/web/room.html" in names, "the web room display's page"
    assert "facilitator_tui/export/day-log.schema.json" in names
    # The bundled plan reads its handouts from files beside it, and ships example participant lists.
    assert "facilitator_tui/sessions/handouts/kestwell-fund-summary.md" in names
    assert "facilitator_tui/sessions/partnership-dynamics.people.csv" in names


def test_wheel_metadata(wheel):
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with zipfile.ZipFile(wheel) as archive:
        metadata_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(metadata_name).decode()
        entry_points = archive.read(metadata_name.replace("METADATA", "entry_points.txt")).decode()
    # The version is written once, in the package (pyproject reads it from there).
    from facilitator_tui import __version__

    assert project["dynamic"] == ["version"]
    assert f"Version: {__version__}" in metadata
    assert "Requires-Dist: textual==8.2.8" in metadata
    assert "facilitator-tui = facilitator_tui.cli:main" in entry_points


def test_installed_package_is_the_wheel_not_the_source_tree(venv, tmp_path):
    probe = (
        "import json, facilitator_tui, facilitator_tui.core.locations as l;"
        "print(json.dumps({'file': facilitator_tui.__file__, 'sessions': str(l.bundled_sessions_dir()),"
        " 'plans': sorted(l.bundled_plans())}))"
    )
    found = json.loads(_ok(_run(venv / "python", "-c", probe, cwd=tmp_path)).stdout)
    venv_root = venv.parent.resolve()
    package = Path(found["file"]).resolve().parent
    assert package.is_relative_to(venv_root), found
    assert not package.is_relative_to(PROJECT_ROOT), found
    sessions = Path(found["sessions"]).resolve()
    assert sessions == package / "sessions"
    assert found["plans"] == SOURCE_PLANS


def test_installed_command_prints_the_bundled_agenda(venv, tmp_path):
    result = _ok(_run(venv / "facilitator-tui", "agenda", cwd=tmp_path))
    title = tomllib.loads((PROJECT_ROOT / "sessions" / "partnership-dynamics.toml").read_text(encoding="utf-8"))["title"]
    lines = result.stdout.splitlines()
    assert lines[0] == title
    assert any(line.split()[:4] == ["09:30", "11:00", "90", "session"] for line in lines)
    assert lines[-1].split() == ["16:45", "Close"]


def test_installed_command_validates_and_lists_bundled_plans(venv, tmp_path):
    validated = _ok(_run(venv / "facilitator-tui", "validate", *SOURCE_PLANS, cwd=tmp_path))
    for name in SOURCE_PLANS:
        assert f"{name}.toml: ok" in validated.stdout
    listed = _ok(_run(venv / "python", "-m", "facilitator_tui", "plans", cwd=tmp_path))
    assert [line.split()[0] for line in listed.stdout.splitlines()] == SOURCE_PLANS
