"""The README's promises: its Quick start commands and its plan example."""

import re
from pathlib import Path

from facilitator_tui.core.plan_loader import parse_plan

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_the_two_commands():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```\n(.*?)```", quick, re.S).group(1).strip().splitlines()
    assert block == ["pip install . && facilitator-tui", "pip install '.[test]' && pytest"]


def test_the_plan_example_validates():
    example = re.search(r"```toml\n(.*?)```", README, re.S).group(1)
    plan = parse_plan(example, "README example")
    assert [item.id for item in plan.agenda] == ["contracting", "tea"]


def test_the_keymap_example_names_real_keys(tmp_path):
    from facilitator_tui.ui.keymap import load_keymap

    section = README.split("### Your own keys", 1)[1].split("###", 1)[0]
    example = re.search(r"```\n(.*?)```", section, re.S).group(1)
    (tmp_path / "keymap.toml").write_text(example, encoding="utf-8")
    keymap, problems = load_keymap(tmp_path / "keymap.toml")
    assert problems == []
    assert keymap == {"privacy-anywhere": "f5", "next": "n,right"}
