"""Shell completion: `ciftis completion bash` really completes in bash (the function called with
COMP_WORDS/COMP_CWORD set as bash sets them, COMPREPLY read back) — subcommands, options, kinds,
edition years and `kind:id` references from the dataset — fish completes through `complete -C`,
and the zsh script parses (`zsh -n`) and declares what it should."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ciftis.cli import main

ENV_PATH = f"{Path(sys.executable).parent}:/usr/bin:/bin"
SUBCOMMANDS = ["search", "show", "compare", "export", "validate", "schema", "completion", "serve"]
KINDS = ["edition", "event", "person", "organization", "topic", "figure", "source", "metric"]


def script(capsys, shell: str) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


def shell_env(tmp_path, dataset=None) -> dict:
    env = {"PATH": ENV_PATH, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "LANG": "C.UTF-8"}
    if dataset is not None:
        env["CIFTIS_DATASET"] = str(dataset)
    return env


def bash_complete(tmp_path, text: str, words: list[str], dataset=None) -> list[str]:
    """COMPREPLY after calling _ciftis with COMP_WORDS as bash splits WORDS (":" a word of its own)."""
    path = tmp_path / "ciftis.bash"
    line = " ".join(words).replace(" : ", ":").replace(" :", ":")
    program = (
        f"source {shlex.quote(str(path))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        "_ciftis\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, env=shell_env(tmp_path, dataset), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture
def bash_script(capsys):
    return script(capsys, "bash")


def test_bash_registers_the_function(tmp_path, bash_script):
    path = tmp_path / "ciftis.bash"
    path.write_text(bash_script, encoding="utf-8")
    done = subprocess.run(["bash", "--norc", "-c", f"source {shlex.quote(str(path))}; complete -p ciftis"], capture_output=True, text=True, env=shell_env(tmp_path))
    assert done.stdout == "complete -F _ciftis ciftis\n"


@pytest.mark.parametrize(("words", "expected"), [
    (["ciftis", ""], SUBCOMMANDS),
    (["ciftis", "co"], ["compare", "completion"]),
    (["ciftis", "-"], ["-h", "--help", "--version", "--dataset", "--theme"]),
    (["ciftis", "search", "--"], ["--help", "--dataset", "--theme", "--kind", "--limit", "--format", "--json"]),
    (["ciftis", "search", "--kind", ""], KINDS),
    (["ciftis", "search", "--kind", "o"], ["organization"]),
    (["ciftis", "search", "madrid", ""], []),
    (["ciftis", "compare", "2021", "--format", "m"], ["markdown"]),
    (["ciftis", "export", "--format", ""], ["json", "csv", "datapackage"]),
    (["ciftis", "schema", ""], ["export", "show", "search", "compare", "view"]),
    (["ciftis", "completion", "f"], ["fish"]),
])
def test_bash_completes_the_parser(tmp_path, mini_dir, bash_script, words, expected):
    assert bash_complete(tmp_path, bash_script, words, dataset=mini_dir) == expected


@pytest.mark.parametrize(("words", "expected"), [
    (["ciftis", "compare", ""], ["2021", "2022", "2023"]),
    (["ciftis", "compare", "2021", "202"], ["2021", "2022", "2023"]),
    (["ciftis", "compare", "2021", "2022", ""], []),  # compare takes two years
    (["ciftis", "show", "to"], ["topic:"]),
    (["ciftis", "show", ""], ["2021", "2022", "2023", *(f"{kind}:" for kind in KINDS)]),
    (["ciftis", "show", "person", ":", ""], ["liu-hua"]),  # what bash shows after the colon it split at
    (["ciftis", "show", "figure", ":", "2023-"], ["2023-area", "2023-exhibitors", "2023-nations", "2023-share-plan"]),
    (["ciftis", "show", "nokind", ":", ""], []),
])
def test_bash_completes_years_and_references(tmp_path, mini_dir, bash_script, words, expected):
    assert bash_complete(tmp_path, bash_script, words, dataset=mini_dir) == expected


def test_bash_uses_the_dataset_given_on_the_line(tmp_path, mini_dir, bash_script):
    bundled = bash_complete(tmp_path, bash_script, ["ciftis", "show", "event", ":", "madrid-s"])
    assert "madrid-symposium-2021" in bundled and "madrid-symposium" not in bundled
    given = bash_complete(tmp_path, bash_script, ["ciftis", "--dataset", str(mini_dir), "show", "event", ":", "madrid-s"])
    assert given == ["madrid-symposium"]


def test_the_helper_prints_candidates_and_the_script_needs_a_shell(capsys, mini_dir):
    assert main(["--dataset", str(mini_dir), "completion", "--complete", "refs", "--word", "metric:s"]) == 0
    assert capsys.readouterr().out == "metric:share\n"
    assert main(["completion"]) == 2
    assert capsys.readouterr().err == "ciftis completion: give a shell: bash, zsh, fish (e.g. `ciftis completion bash`)\n"


def needs(program: str):
    """Skip where the shell is missing, except under CI, which installs it (.ci/run)."""
    if shutil.which(program) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is not installed; .ci/run installs it")
        pytest.skip(f"{program} is not installed (apt-get install {program}; .ci/run does)")


def test_zsh_script(tmp_path, capsys):
    text = script(capsys, "zsh")
    assert text.startswith("#compdef ciftis\n")
    assert "'--kind[only this kind of entity]:value:(edition event person organization topic figure source metric)'" in text
    assert "'*:refs:_ciftis_refs'" in text and "'1:years:_ciftis_years'" in text and "'2:years:_ciftis_years'" in text
    assert "        'show:one entity, by kind\\:id, by year or by a fuzzy name'\n" in text
    assert "compdef _ciftis ciftis" in text
    needs("zsh")
    path = tmp_path / "_ciftis"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(["zsh", "-n", str(path)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")


def fish_complete(tmp_path, text: str, line: str, dataset) -> list[str]:
    path = tmp_path / "ciftis.fish"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(["fish", "--no-config", "-c", f"source {shlex.quote(str(path))}; complete -C {shlex.quote(line)}"], capture_output=True, text=True, env=shell_env(tmp_path, dataset), timeout=120)
    assert done.returncode == 0, done.stderr
    return [candidate.split("\t")[0] for candidate in done.stdout.splitlines()]


def test_fish_script_completes(tmp_path, capsys, mini_dir):
    text = script(capsys, "fish")
    assert "complete -c ciftis -n '__fish_seen_subcommand_from search' -l kind -x -a 'edition event person organization topic figure source metric' -d 'only this kind of entity'\n" in text
    needs("fish")
    done = subprocess.run(["fish", "--no-config", "-n", "-c", text], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert fish_complete(tmp_path, text, "ciftis co", mini_dir) == ["compare", "completion"]
    assert fish_complete(tmp_path, text, "ciftis search --kind o", mini_dir) == ["organization"]
    assert fish_complete(tmp_path, text, "ciftis compare ", mini_dir) == ["2021", "2022", "2023"]
    assert fish_complete(tmp_path, text, "ciftis show person:", mini_dir) == ["person:liu-hua"]


@pytest.mark.slow
def test_zsh_completes_in_an_interactive_shell(tmp_path, capsys, mini_dir):
    """zsh's own completion system, in an interactive zsh under tmux: Tab on a line, read the line back."""
    needs("zsh")
    needs("tmux")
    import time

    path = tmp_path / "ciftis.zsh"
    path.write_text(script(capsys, "zsh"), encoding="utf-8")
    env = shell_env(tmp_path, mini_dir)
    server = ["tmux", "-L", f"ciftis-zsh-{os.getpid()}"]
    command = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    subprocess.run([*server, "new-session", "-d", "-x", "150", "-y", "30", f"env -i {command} zsh -f"], check=True, env={**os.environ, "TMUX": ""})
    try:
        def pane() -> str:
            return subprocess.run([*server, "capture-pane", "-p"], capture_output=True, text=True).stdout

        def wait_for(line: str) -> str:
            for _ in range(300):  # 30 s at most (a line read without its prompt and trailing spaces)
                shown = pane()
                if line.strip() in [shown_line.lstrip("> ").rstrip() for shown_line in shown.splitlines()]:
                    return shown
                time.sleep(0.1)
            pytest.fail(f"zsh never showed {line!r}:\n{pane()}")

        subprocess.run([*server, "send-keys", f"PS1='> '; autoload -U compinit; compinit -u; source {shlex.quote(str(path))}; echo ready", "Enter"], check=True)
        wait_for("ready")
        for typed, completed in (
            ("ciftis search --kind o", "ciftis search --kind organization "),
            ("ciftis show person:l", "ciftis show person:liu-hua "),
            ("ciftis show top", "ciftis show topic:"),
            ("ciftis compare 2021 2022 --sort c", "ciftis compare 2021 2022 --sort change "),
            ("ciftis exp", "ciftis export "),
        ):
            subprocess.run([*server, "send-keys", "C-u", typed, "Tab"], check=True)
            wait_for(completed)
    finally:
        subprocess.run([*server, "kill-server"], capture_output=True)
