"""Shared fixtures: a small, fully known dataset written to a temporary directory, and a cache
folder of each test's own (the app remembers themes and settings there)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

MINI = {
    "base.yaml": """
        sources:
          - id: daily
            publisher: Daily Paper
            title: Fair closes
            date: 2023-09-07
            url: https://example.org/fair
            tier: state_media
          - id: weekly
            publisher: Weekly Review
            title: Fair in numbers
            date: 2021-09-11
            tier: reprint
        metrics:
          - id: area
            label: Exhibition area
            unit: m2
            definition: Floor area of all exhibitions.
          - id: exhibitors
            label: Offline exhibitors
            unit: count
            definition: Enterprises exhibiting on site.
          - id: share
            label: Share of leaders
            unit: percent
            definition: Leaders as a share of exhibitors.
          - id: forums
            label: Forums
            unit: count
            definition: Forums held.
          - id: nations
            label: Nations exhibiting
            unit: count
            definition: Countries holding national exhibitions.
        organizations:
          - id: wipo
            name: World Intellectual Property Organization
            aliases: [WIPO]
            kind: international_organization
        people:
          - id: liu-hua
            name: Liu Hua
            positions:
              - title: Director
                organization: wipo
                edition: 2021
            sources: [weekly]
        """,
    "editions.yaml": """
        editions:
          - year: 2021
            name: China International Fair for Trade in Services
            aliases: [服贸会]
            start: 2021-09-02
            end: 2021-09-07
            venues: [Shougang Park]
            theme: {en: Towards Digital Future}
            organizers: [wipo]
            sources: [weekly]
            figures:
              - id: 2021-area
                metric: area
                value: 126000
                unit: m2
                qualifier: exact
                sources: [{source: weekly, quote: "126,000 square meters"}]
              - id: 2021-share
                metric: share
                value: 21
                unit: percent
                qualifier: exact
                sources: [{source: weekly, quote: "21 percent"}]
              - id: 2021-forums
                metric: forums
                value: 193
                unit: count
                qualifier: exact
                conflicts_with: [2021-forums-b]
                sources: [{source: weekly, quote: "193 forum meetings"}]
              - id: 2021-forums-b
                metric: forums
                value: 200
                unit: count
                qualifier: nearly
                sources: [{source: daily, quote: "nearly 200 forums"}]
          - year: 2022
            name: China International Fair for Trade in Services
            sources: [daily]
            figures:
              - id: 2022-nations
                metric: nations
                value: 71
                unit: count
                qualifier: exact
                derived:
                  formula: a - b
                  inputs:
                    a: {figure: 2023-nations}
                    b: {value: 12, source: daily, quote: "an increase of 12"}
          - year: 2023
            name: China International Fair for Trade in Services
            sources: [daily]
            figures:
              - id: 2023-area
                metric: area
                value: 155000
                unit: m2
                qualifier: exact
                sources: [{source: daily, quote: "155,000 square meters"}]
              - id: 2023-exhibitors
                metric: exhibitors
                value: 2400
                unit: count
                qualifier: more_than
                as_of: 2023-09-06T12:00
                sources: [{source: daily, quote: "over 2,400 offline"}]
              - id: 2023-nations
                metric: nations
                value: 83
                unit: count
                qualifier: exact
                sources: [{source: daily, quote: "a total of 83"}]
              - id: 2023-share-plan
                metric: share
                value: 30
                unit: percent
                qualifier: about
                status: plan
                sources: [{source: daily, quote: "about 30 percent expected"}]
        events:
          - id: madrid-symposium
            name: International Symposium on the Promotion of Madrid System
            kind: symposium
            edition: 2021
            date: 2021-09-03
            organizers: [wipo]
            participants:
              - {person: liu-hua, role: opening remarks}
            topics: [madrid]
            sources: [weekly]
        topics:
          - id: madrid
            name: Trademarks and the Madrid System
            summary: Registering marks abroad with one filing.
            events: [madrid-symposium]
            people: [liu-hua]
            sources: [weekly]
        """,
}


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch) -> Path:
    """$XDG_CACHE_HOME in the test's temporary folder: nothing is read from or left in ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def write_dataset(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def mini_dir(tmp_path) -> Path:
    return write_dataset(tmp_path / "mini", MINI)


@pytest.fixture
def mini(mini_dir):
    from ciftis.core.loader import load

    return load(mini_dir)


@pytest.fixture(autouse=True)
def truecolor(monkeypatch) -> None:
    """Apps made in a test see a truecolor terminal, whatever terminal runs pytest: with TERM=xterm and
    no COLORTERM they would take the 16-colour themes (tests/test_contrast_tmux.py tests those in tmux)."""
    monkeypatch.setenv("COLORTERM", "truecolor")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Settings and user themes in a temporary XDG folder; no SSH, no display."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("SSH_CONNECTION", "SSH_TTY", "DISPLAY", "WAYLAND_DISPLAY", "CIFTIS_DATASET"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "config"
