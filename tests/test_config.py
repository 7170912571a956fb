"""Settings file: XDG location, strict reading, broken files reported and moved aside (never written
over), and atomic saving that leaves the old file whole when the write fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ciftis.app import config as config_module
from ciftis.app.config import Config, config_path, load_config, save_config


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test touches the real ~/.config: HOME and XDG_CONFIG_HOME point into tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "cfg" / "config.yaml"


def test_config_path_follows_xdg_config_home(tmp_path, monkeypatch):
    assert config_path() == tmp_path / "xdg" / "ciftis" / "config.yaml"
    monkeypatch.setenv("XDG_CONFIG_HOME", "not/absolute")
    assert config_path() == tmp_path / "home" / ".config" / "ciftis" / "config.yaml"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert config_path() == tmp_path / "home" / ".config" / "ciftis" / "config.yaml"


def test_default_location_round_trip(tmp_path):
    save_config(Config(theme="ciftis-light"))
    assert (tmp_path / "xdg" / "ciftis" / "config.yaml").is_file()
    assert load_config() == (Config(theme="ciftis-light"), [])


def test_missing_file_means_defaults(path):
    assert load_config(path) == (Config(), [])
    assert not path.parent.exists()


def test_round_trip_creates_the_directory(path):
    save_config(Config(theme="ciftis-high-contrast"), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# CIFTIS Explorer settings")
    assert "theme: ciftis-high-contrast\n" in text
    assert load_config(path) == (Config(theme="ciftis-high-contrast"), [])
    save_config(Config(), path)
    assert load_config(path) == (Config(), [])


@pytest.mark.parametrize("content", ["", "# just a comment\n", "theme: null\n", "{}\n"])
def test_empty_settings_are_the_defaults_and_stay_put(path, content):
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    assert load_config(path) == (Config(), [])
    assert path.read_text(encoding="utf-8") == content


BROKEN = {
    "invalid YAML": (b"theme: [ciftis-dark\n", "{p}:2: invalid YAML: *"),
    "not a mapping": (b"- ciftis-dark\n", "{p}:1: must be a mapping of settings such as 'theme: ciftis-dark', not a list"),
    "unknown key": (b"theme: ciftis-dark\ncolour: red\n", "{p}:2: unknown key 'colour' (allowed: theme, keymap)"),
    "wrong type": (b"theme: 12\n", "{p}:1: theme must be a theme name such as 'ciftis-dark', not the number 12"),
    "garbage binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "{p}:1: is not UTF-8 text (byte 0x89 cannot be decoded)"),
    "unsafe tag": (b'theme: !!python/object/apply:os.system ["true"]\n', "{p}:1: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system': only plain lists are allowed"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_config_is_reported_moved_aside_and_kept(case, path):
    content, problem = BROKEN[case]
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    config, messages = load_config(path)
    assert config == Config()
    expected = problem.format(p=path)
    moved = "; it was moved to config.yaml.broken and the default settings are used"
    if expected.endswith("*"):  # the parser's own words differ between PyYAML's C and Python parsers
        assert len(messages) == 1 and messages[0].startswith(expected[:-1]) and messages[0].endswith(moved)
    else:
        assert messages == [expected + moved]
    aside = path.with_name("config.yaml.broken")
    assert aside.read_bytes() == content
    assert not path.exists()
    save_config(Config(theme="ciftis-dark"), path)  # a later save never destroys the broken copy
    assert aside.read_bytes() == content
    assert load_config(path) == (Config(theme="ciftis-dark"), [])


def test_a_second_broken_file_gets_a_numbered_name(path):
    path.parent.mkdir(parents=True)
    path.write_text("theme: [\n", encoding="utf-8")
    load_config(path)
    path.write_text("colour: red\n", encoding="utf-8")
    _, messages = load_config(path)
    assert messages == [f"{path}:1: unknown key 'colour' (allowed: theme, keymap); it was moved to config.yaml.broken.1 and the default settings are used"]
    assert path.with_name("config.yaml.broken").read_text(encoding="utf-8") == "theme: [\n"
    assert path.with_name("config.yaml.broken.1").read_text(encoding="utf-8") == "colour: red\n"


def test_save_moves_a_broken_file_aside_even_if_it_was_never_loaded(path):
    path.parent.mkdir(parents=True)
    path.write_text("theme: [half-typed\n", encoding="utf-8")
    save_config(Config(theme="ciftis-paper"), path)
    assert path.with_name("config.yaml.broken").read_text(encoding="utf-8") == "theme: [half-typed\n"
    assert load_config(path) == (Config(theme="ciftis-paper"), [])


def test_messages_show_home_as_a_tilde(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    path = tmp_path / "home" / ".config" / "ciftis" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("theme: 12\n", encoding="utf-8")
    assert load_config()[1] == [
        "~/.config/ciftis/config.yaml:1: theme must be a theme name such as 'ciftis-dark', not the number 12;"
        " it was moved to config.yaml.broken and the default settings are used"
    ]


def test_unreadable_config_is_reported_and_moved_aside(path):
    path.parent.mkdir(parents=True)
    path.write_text("theme: ciftis-dark\n", encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):
        path.chmod(0o644)
        pytest.skip("this user (root?) can read a mode-000 file")
    config, messages = load_config(path)
    assert config == Config()
    assert messages == [f"{path}: cannot be read: permission denied; it was moved to config.yaml.broken and the default settings are used"]
    path.with_name("config.yaml.broken").chmod(0o644)


def test_unreadable_config_even_as_root(path, monkeypatch):
    """The same as above where chmod cannot lock root out: reading the file is refused."""
    path.parent.mkdir(parents=True)
    path.write_text("theme: ciftis-dark\n", encoding="utf-8")
    real_open = os.open

    def refuse(opened, *args, **kwargs):  # every read of a settings or theme file opens it with os.open
        if Path(opened) == path:
            raise PermissionError(13, "Permission denied", str(opened))
        return real_open(opened, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert load_config(path) == (
        Config(),
        [f"{path}: cannot be read: permission denied; it was moved to config.yaml.broken and the default settings are used"],
    )
    assert path.with_name("config.yaml.broken").read_text(encoding="utf-8") == "theme: ciftis-dark\n"


def test_config_that_cannot_be_moved_aside_is_never_saved_over(path, monkeypatch):
    path.parent.mkdir(parents=True)
    path.write_text("theme: [\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "rename", refuse)
    config, messages = load_config(path)
    assert config == Config()
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:2: invalid YAML: ")
    assert messages[0].endswith("; it could not be moved aside (Permission denied), so the default settings are used and it will not be saved over")
    with pytest.raises(PermissionError):
        save_config(Config(theme="ciftis-dark"), path)
    assert path.read_text(encoding="utf-8") == "theme: [\n"


def test_config_that_is_a_directory_is_reported_not_moved(path):
    path.mkdir(parents=True)
    assert load_config(path) == (Config(), [f"{path}: is a directory, not a file; the default settings are used"])
    assert path.is_dir()
    with pytest.raises(OSError):
        save_config(Config(theme="ciftis-dark"), path)


def test_failed_save_leaves_the_old_file_whole_and_no_temporary_file(path, monkeypatch):
    save_config(Config(theme="ciftis-dark"), path)
    before = path.read_bytes()

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        save_config(Config(theme="ciftis-light"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.yaml"]


def test_read_only_directory_raises_oserror(path):
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o500)
    try:
        if os.access(path.parent, os.W_OK):
            pytest.skip("this user (root?) can write to a read-only directory")
        with pytest.raises(OSError):
            save_config(Config(theme="ciftis-dark"), path)
    finally:
        path.parent.chmod(0o700)


def test_a_symlinked_config_is_written_through(tmp_path, path):
    target = tmp_path / "dotfiles" / "ciftis.yaml"
    target.parent.mkdir()
    target.write_text("theme: ciftis-dark\n", encoding="utf-8")
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    save_config(Config(theme="ciftis-light"), path)
    assert path.is_symlink()
    assert load_config(target) == (Config(theme="ciftis-light"), [])


def test_config_module_does_not_import_textual():
    code = "import sys, ciftis.app.config; sys.exit('textual' in sys.modules)"
    root = Path(config_module.__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0
