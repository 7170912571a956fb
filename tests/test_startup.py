"""What makes `ciftis` open fast, held to what a user gets: an unchanged start reads no YAML at all
(themes and settings are remembered until their files change, and then read again), the chosen
theme is in place at the first frame (set through `App.theme`, so Textual's own classes follow), a
dataset that had to be checked
is cached after the first frame rather than before it, and a slow first load says how far it has got.

The numbers themselves are measured by the performance harness (tests/perf, RESULTS.md).
"""

from __future__ import annotations

import gc
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.color import Color

from ciftis.app import config as config_module
from ciftis.app import main as app_main
from ciftis.app.config import Config, load_config, save_config
from ciftis.app.themes import load_themes
from ciftis.core import cache, yamlsafe
from tests.app_support import make_app, run_async, settle

# A fresh interpreter, as `ciftis` starts: load the bundled dataset, the themes and the settings as
# the explorer does, then say what it got and whether the YAML parser was imported.
WARM_START = """
import json, sys
from ciftis.app.config import load_config
from ciftis.core.cache import load_dataset
from ciftis.app.themes import load_themes
dataset, problems = load_dataset()
themes, messages = load_themes()
config, config_messages = load_config()
print(json.dumps({"problems": len(problems), "editions": len(dataset.editions), "themes": [t.name for t in themes],
                  "messages": messages + config_messages, "theme": config.theme, "yaml": "yaml" in sys.modules}))
"""


def start(env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", WARM_START], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_an_unchanged_start_does_not_import_the_yaml_parser(tmp_path):
    settings = tmp_path / "config" / "ciftis"
    (settings / "themes").mkdir(parents=True)
    (settings / "themes" / "mine.yaml").write_text('name: mine\nprimary: "#1f3a68"\n', encoding="utf-8")
    (settings / "themes" / "bad.yaml").write_text("name: bad\nprimary: nope\n", encoding="utf-8")
    (settings / "config.yaml").write_text("theme: mine\n", encoding="utf-8")
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("CIFTIS_DATASET", None)
    first, second = start(env), start(env)
    assert first["yaml"] is True and second["yaml"] is False
    assert {key: value for key, value in second.items() if key != "yaml"} == {key: value for key, value in first.items() if key != "yaml"}
    assert second["themes"] == ["ciftis-dark", "ciftis-high-contrast", "ciftis-light", "ciftis-paper", "mine"]
    assert second["theme"] == "mine" and second["problems"] == 0 and second["editions"] == 12
    assert second["messages"] == [f"{settings / 'themes' / 'bad.yaml'}:2: invalid colour 'nope' for primary (use #rrggbb, rgb(…), hsl(…) or a colour name)"]


def no_yaml(monkeypatch):
    """From now on, reading any YAML file fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a YAML file was read")

    monkeypatch.setattr(yamlsafe, "read_yaml", refuse)


def test_remembered_themes_follow_their_files(isolated_settings, monkeypatch):
    themes = isolated_settings / "ciftis" / "themes"
    themes.mkdir(parents=True)
    mine = themes / "mine.yaml"
    mine.write_text('name: mine\nprimary: "#1f3a68"\n', encoding="utf-8")
    first = load_themes()
    with monkeypatch.context() as patched:
        no_yaml(patched)
        again = load_themes()
    assert [(t.name, t.primary, t.dark) for t in again[0]] == [(t.name, t.primary, t.dark) for t in first[0]]
    assert again[0][-1].name == "mine" and again[0][-1].primary == "#1f3a68" and again[1] == []
    assert [t.variables for t in again[0]] == [t.variables for t in first[0]]

    mine.write_text('name: mine\nprimary: "#68a31f"\n', encoding="utf-8")  # the same size, just written
    assert load_themes()[0][-1].primary == "#68a31f"

    (themes / "other.yml").write_text("name: [unclosed\n", encoding="utf-8")
    names, messages = load_themes()
    assert [t.name for t in names][-1] == "mine"
    message = f"{shown(themes / 'other.yml')}:2: invalid YAML: did not find expected ',' or ']'"
    assert messages == [message]
    with monkeypatch.context() as patched:
        no_yaml(patched)
        assert load_themes()[1] == [message]  # said again at every start, from what was remembered

    (themes / "other.yml").unlink()
    mine.unlink()
    names, messages = load_themes()
    assert [t.name for t in names] == ["ciftis-dark", "ciftis-high-contrast", "ciftis-light", "ciftis-paper"] and messages == []


def shown(path: Path) -> str:
    return config_module.home_relative(path)


def test_remembered_settings_follow_the_file_and_a_broken_one_is_still_moved_aside(isolated_settings, monkeypatch):
    path = isolated_settings / "ciftis" / "config.yaml"
    save_config(Config(theme="ciftis-light"))
    assert load_config() == (Config(theme="ciftis-light"), [])
    with monkeypatch.context() as patched:
        no_yaml(patched)
        assert load_config() == (Config(theme="ciftis-light"), [])
    save_config(Config(theme="ciftis-paper"))
    assert load_config() == (Config(theme="ciftis-paper"), [])

    path.write_text("theme: [ciftis-dark\n", encoding="utf-8")
    config, messages = load_config()
    assert config == Config() and len(messages) == 1 and "it was moved to config.yaml.broken" in messages[0]
    assert not path.exists() and path.with_name("config.yaml.broken").read_text(encoding="utf-8") == "theme: [ciftis-dark\n"
    assert load_config() == (Config(), [])


@pytest.mark.parametrize("name", ["ciftis-light", "ciftis-dark"])
@run_async
async def test_the_chosen_theme_is_there_at_the_first_frame(name, isolated_settings):
    app = make_app(theme=name)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        theme = app.get_theme(name)
        assert app.theme == name and app.has_class(f"-theme-{name}")
        assert app.has_class("-light-mode") is (not theme.dark) and app.has_class("-dark-mode") is theme.dark
        assert not (isolated_settings / "ciftis" / "config.yaml").exists()  # a theme given at start is not saved
        assert app.screen.styles.background == Color.parse(theme.background)
        assert app.ansi_theme is (app.ansi_theme_dark if theme.dark else app.ansi_theme_light)
        app.theme = "ciftis-paper"  # a change later on restyles as usual
        await settle(pilot, app)
        assert app.screen.styles.background == Color.parse(app.get_theme("ciftis-paper").background)


def test_ciftis_leaves_the_collector_on_when_the_dataset_cannot_be_used(tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text("editions: [\n", encoding="utf-8")
    assert gc.isenabled()
    assert app_main.run(str(tmp_path)) == 1
    assert gc.isenabled()
    assert capsys.readouterr().err.startswith("ciftis: the dataset has 1 problem:\n")


def test_a_load_longer_than_a_quarter_of_a_second_says_how_far_it_is(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    stream = io.StringIO()
    progress = app_main._Progress(stream)
    progress(1, 230, "the dataset")
    clock[0] += 0.2
    progress(40, 230, "the dataset")
    assert stream.getvalue() == ""  # a quick load says nothing
    clock[0] += 0.1
    progress(41, 230, "the dataset")
    progress(230, 230, "the dataset")
    progress.finish()
    assert stream.getvalue() == "\r\x1b[2Kciftis: reading the dataset… 41 of 230 files\r\x1b[2Kciftis: checking 230 files…\r\x1b[2K"


def test_the_loader_reports_every_file_to_the_progress_indicator():
    from ciftis.core.loader import check
    from ciftis.core.locations import bundled_dataset_dir

    calls = []
    dataset, problems = check(bundled_dataset_dir(), progress=lambda done, total, what: calls.append((done, total, what)))
    assert dataset is not None and problems == []
    assert dataset.files == 37 and calls == [(n, 37, "the dataset") for n in range(0, 38)]


@run_async
async def test_a_dataset_that_had_to_be_checked_is_cached_after_the_first_frame(mini_dir, isolated_cache):
    writes = []
    dataset, problems = cache.load_dataset(str(mini_dir), write_later=writes.append)
    assert problems == [] and len(writes) == 1 and not list(isolated_cache.glob("ciftis/dataset-*.bin"))
    app = make_app(dataset)
    app.cache_writes = writes
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert len(list(isolated_cache.glob("ciftis/dataset-*.bin"))) == 1 and app.cache_writes == []
    again = []
    cached, problems = cache.load_dataset(str(mini_dir), write_later=again.append)
    assert problems == [] and again == [] and cached.fingerprint == dataset.fingerprint  # from the cache now
    assert sorted(cached.editions) == sorted(dataset.editions) == [2021, 2022, 2023]


def test_a_large_dataset_whose_rest_cannot_be_used_ends_the_explorer_with_its_problems(mini_dir, monkeypatch, capsys):
    """`ciftis` on a dataset opened as a preview whose rest turns out unusable: the app closes, and
    the problems the files were checked for are said, with their file and line, exit status 1."""
    from textual.app import App

    from ciftis.app.app import CiftisApp
    from ciftis.core.problems import Problem

    cache.load_dataset(str(mini_dir))  # cached
    monkeypatch.setattr(cache, "STAGED_BYTES", 0)  # so it opens in two steps
    problem = Problem(str(mini_dir / "editions.yaml"), 4, "changed under the explorer")

    def unusable(self, stopped):
        raise cache.CacheError("does not decode")

    monkeypatch.setattr(cache._Parts, "dataset_unless", unusable)
    monkeypatch.setattr(cache, "check", lambda directory, progress=None: (None, [problem]))
    monkeypatch.setattr(app_main, "_has_terminal", lambda: True)
    monkeypatch.setattr(CiftisApp, "run", lambda self: App.run(self, headless=True, size=(80, 24)))
    assert app_main.run(str(mini_dir)) == 1
    assert capsys.readouterr().err == f"ciftis: the dataset has 1 problem:\n  {problem}\n"


def test_a_first_launch_on_a_large_dataset_with_problems_shows_its_editions_then_ends_with_them(mini_dir, monkeypatch, capsys):
    """`ciftis` the first time on a large dataset whose editions are sound but whose people name an
    organization that does not exist: the editions show at once, the check in the other process
    finds the problem, and the explorer closes saying it with its file and line, exit status 1."""
    from textual.app import App

    from ciftis.app.app import CiftisApp

    base = mini_dir / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("organization: wipo", "organization: nowhere"), encoding="utf-8")
    monkeypatch.setattr(cache, "STAGED_BYTES", 0)  # so it opens in two steps
    shown = []

    def run_headless(self):
        shown.append((self.dataset.complete, sorted(self.dataset.editions)))
        return App.run(self, headless=True, size=(80, 24))

    monkeypatch.setattr(app_main, "_has_terminal", lambda: True)
    monkeypatch.setattr(CiftisApp, "run", run_headless)
    assert app_main.run(str(mini_dir)) == 1
    assert shown == [(False, [2021, 2022, 2023])]
    assert capsys.readouterr().err == f"ciftis: the dataset has 1 problem:\n  {base}:44: unknown organization 'nowhere'\n"
