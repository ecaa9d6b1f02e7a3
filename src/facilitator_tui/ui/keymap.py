"""A user keymap: rebind any key of the app by its id, for example to a clicker's blank key.

The file is TOML, `keymap.toml` in the data folder, one line per key:

    privacy-anywhere = "f5"      # a clicker's 'blank screen' key
    next = "n,right"

The ids are those in the help screen's list (see `commands.RUN_COMMANDS` and
the app's own bindings). Textual's keymap support applies it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .commands import RUN_COMMANDS

APP_IDS = ("next-clicker", "previous-clicker", "quit", "privacy-anywhere")
"""The app's own binding ids, besides the run screen's commands."""


def keymap_path(data: Path) -> Path:
    """Where the keymap file is looked for: the data folder."""
    return data / "keymap.toml"


def known_ids() -> list[str]:
    """Every binding id a keymap may name."""
    return [command.id for command in RUN_COMMANDS] + list(APP_IDS)


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The keymap in `path` (none: empty) and the problems found, each naming the file and what to change."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"{path}: cannot be read ({error})"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path}: not valid TOML ({error}); write lines like: privacy-anywhere = \"f5\""]
    known = set(known_ids())
    keymap: dict[str, str] = {}
    problems = []
    for key_id, keys in data.items():
        if key_id not in known:
            problems.append(f"{path}: no key has the id {key_id!r}; the ids are: {', '.join(sorted(known))}")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: {key_id} needs keys in quotes, for example {key_id} = \"f5\"")
        else:
            keymap[key_id] = keys.strip()
    return keymap, problems
