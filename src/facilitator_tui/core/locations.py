"""Where things live: bundled plans and the data directory for days."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "facilitator-tui"
HOME_ENV = "FACILITATOR_TUI_HOME"
DEFAULT_PLAN = "partnership-dynamics"


class PlanNotFound(Exception):
    """A plan name that is neither a file nor a bundled plan."""


def bundled_sessions_dir() -> Path:
    """The folder of plans shipped with the app."""
    # In a wheel the plans sit inside the package; in a source checkout
    # (editable install) they are at the repository root.
    inside = Path(__file__).parents[1] / "sessions"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / "sessions"


def bundled_plans() -> dict[str, Path]:
    """Bundled plans by name (file stem), sorted by name."""
    folder = bundled_sessions_dir()
    return {path.stem: path for path in sorted(folder.glob("*.toml"))}


def resolve_plan(name: str | None) -> Path:
    """A plan path from a path or a bundled plan's name; None means the default."""
    name = name or DEFAULT_PLAN
    path = Path(name).expanduser()
    if path.exists() or path.suffix == ".toml" or os.sep in name:
        return path
    plans = bundled_plans()
    if name in plans:
        return plans[name]
    known = ", ".join(plans) or "none"
    raise PlanNotFound(f"no plan file or bundled plan named {name!r}; bundled plans: {known}")


def data_dir(option: str | None = None) -> Path:
    """The data directory: `--data-dir`, else $FACILITATOR_TUI_HOME, else the user data dir."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    # Imported here: platformdirs brings tempfile, shutil and random (about 15 ms),
    # which `--help`, `--version` and a `--data-dir` run never need.
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
