"""`ciftis completion bash|zsh|fish`: a shell completion script for the subcommands, their options
and choices (kinds, formats, shells), edition years and `kind:id` references.

The scripts are written here from the parser itself (`ciftis.cli.build_parser()`), so they follow
every option a subcommand adds. Years and references depend on the dataset, so the scripts ask for
them as they complete: `ciftis completion --complete years|refs --word PREFIX` prints one candidate
a line (hidden from the help; `--dataset DIR` on the command line being completed is passed on).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ciftis.report import write

if TYPE_CHECKING:
    from ciftis.cli import Parser
    from ciftis.cli.options import Commands

SHELLS = ("bash", "zsh", "fish")
# Positional arguments whose values come from the dataset: (subcommand, dest) → what to complete.
DYNAMIC = {("show", "ref"): "refs", ("compare", "year_a"): "years", ("compare", "year_b"): "years"}
# Options whose value is a directory.
DIRECTORIES = ("--dataset", "--output")


def add(commands: Commands) -> None:
    completion = commands.add_parser("completion", help="print a shell completion script (bash, zsh or fish)")
    completion.add_argument("shell", nargs="?", choices=SHELLS, metavar="SHELL", help=f"one of: {', '.join(SHELLS)}")
    completion.add_argument("--complete", choices=("years", "refs"), help=argparse.SUPPRESS)
    completion.add_argument("--word", default="", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if args.complete:
        return _complete(args)
    if args.shell is None:
        from ciftis.report import err

        err(f"ciftis completion: give a shell: {', '.join(SHELLS)} (e.g. `ciftis completion bash`)")
        return 2
    from ciftis.cli import build_parser

    tree = command_tree(build_parser())
    write({"bash": bash_script, "zsh": zsh_script, "fish": fish_script}[args.shell](tree))
    return 0


# -- what there is to complete -----------------------------------------------------------------
@dataclass
class Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...] = ()
    directory: bool = False


@dataclass
class Command:
    name: str
    help: str
    options: list[Option] = field(default_factory=list)
    # each positional: ("choices", values) | ("years"|"refs", ()) | ("none", ())
    positionals: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    repeats_last: bool = False  # the last positional takes several words (search QUERY…)
    subcommands: list[Command] = field(default_factory=list)


def command_tree(parser: Parser) -> Command:
    """The top-level command, its options and its subcommands, as the parser recorded them."""
    return _command("ciftis", parser.description or "", parser, None)


def _command(name: str, help_text: str, parser: Parser, parent: str | None) -> Command:
    command = Command(name, help_text)
    for action in parser.arguments:
        if action.help == argparse.SUPPRESS:
            continue
        choices = tuple(str(c) for c in action.choices) if action.choices else ()
        if action.option_strings:
            command.options.append(Option(
                tuple(action.option_strings), _one_line(action.help or ""), action.nargs != 0,
                choices, any(flag in DIRECTORIES for flag in action.option_strings),
            ))
        else:
            what = DYNAMIC.get((parent or "", action.dest))
            command.positionals.append(("choices", choices) if choices else (what, ()) if what else ("none", ()))
            command.repeats_last = action.nargs in ("+", "*", argparse.REMAINDER)
    for sub_name, sub_help, sub_parser in parser.commands:
        command.subcommands.append(_command(sub_name, sub_help, sub_parser, sub_name))
    return command


def _one_line(text: str) -> str:
    return " ".join(text.replace("%%", "%").split())


# -- the dynamic candidates ----------------------------------------------------------------------
def _complete(args: argparse.Namespace) -> int:
    from ciftis.core.cache import load_dataset
    from ciftis.core.kinds import NAMES

    dataset, _problems = load_dataset(args.dataset)
    if dataset is None:  # completion never prints errors into the user's command line
        return 1
    word = args.word
    years = [str(year) for year in dataset.editions if str(year).startswith(word)]
    if args.complete == "years":
        candidates = years
    else:
        kind, colon, _rest = word.partition(":")
        if colon:
            candidates = [f"{kind}:{entity.id}" for entity in dataset.of_kind(kind) if f"{kind}:{entity.id}".startswith(word)] if kind in NAMES else []
        else:
            candidates = years + [f"{name}:" for name in NAMES if name.startswith(word)]
    write("".join(f"{candidate}\n" for candidate in candidates))
    return 0


# -- bash --------------------------------------------------------------------------------------
def _words(values: Iterable[str]) -> str:
    return " ".join(values)


def bash_script(tree: Command) -> str:
    """A bash completion function, `_ciftis`, registered for the `ciftis` command."""
    cases_options, cases_values, cases_positionals = [], [], []
    for command in (tree, *tree.subcommands):
        key = "" if command is tree else command.name
        flags = [flag for option in command.options for flag in option.flags]
        cases_options.append(f'        "{key}") opts="{_words(flags)}" ;;')
        for option in command.options:
            if not option.takes_value:
                continue
            pattern = "|".join(f'"{key} {flag}"' for flag in option.flags)
            if option.choices:
                action = f'COMPREPLY=($(compgen -W "{_words(option.choices)}" -- "$cur"))'
            elif option.directory:
                action = 'COMPREPLY=($(compgen -d -- "$cur"))'
            else:
                action = "COMPREPLY=()"
            cases_values.append(f"        {pattern}) {action}; return ;;")
        for number, (what, values) in enumerate(command.positionals):
            if what == "choices":
                action = f'COMPREPLY=($(compgen -W "{_words(values)}" -- "$cur"))'
            elif what in ("years", "refs"):
                action = f'_ciftis_dynamic {what}'
            else:
                action = "COMPREPLY=()"
            last = command.repeats_last and number == len(command.positionals) - 1
            pattern = f'"{key} "*' if last else f'"{key} {number}"'  # the last one takes every further word
            cases_positionals.append(f"        {pattern}) {action} ;;")
    subcommands = _words(c.name for c in tree.subcommands)
    value_flags = {flag for command in (tree, *tree.subcommands) for option in command.options if option.takes_value for flag in option.flags}
    return _BASH.format(
        subcommands=subcommands,
        value_flags=_words(sorted(value_flags)),
        options="\n".join(cases_options),
        values="\n".join(cases_values),
        positionals="\n".join(cases_positionals),
    )


_BASH = r"""# bash completion for ciftis (CIFTIS Explorer); load with:  source <(ciftis completion bash)
_ciftis_dynamic() {{
    # Years or kind:id references from the dataset (with --dataset DIR if the line gives one).
    local -a given=()
    [[ -n $dataset ]] && given=(--dataset "$dataset")
    local IFS=$'\n'
    COMPREPLY=($(command ciftis "${{given[@]}}" completion --complete "$1" --word "$cur" 2>/dev/null))
    if [[ ${{#COMPREPLY[@]}} -eq 1 && ${{COMPREPLY[0]}} == *: ]]; then
        compopt -o nospace 2>/dev/null
    fi
}}

_ciftis() {{
    local -a words=()
    local i w cur prev subcommand="" dataset="" opts=""
    local -i npos=0
    # bash splits "person:liu-hua" at the colon (COMP_WORDBREAKS): join those pieces again.
    for ((i = 0; i <= COMP_CWORD; i++)); do
        w="${{COMP_WORDS[i]}}"
        if ((${{#words[@]}} > 0)) && [[ $w == :* || ${{words[${{#words[@]}}-1]}} == *: ]] && [[ $COMP_WORDBREAKS == *:* ]]; then
            words[${{#words[@]}}-1]+="$w"
        else
            words+=("$w")
        fi
    done
    cur="${{words[${{#words[@]}}-1]}}"
    prev=""
    ((${{#words[@]}} > 1)) && prev="${{words[${{#words[@]}}-2]}}"
    local value_flags=" {value_flags} "
    for ((i = 1; i < ${{#words[@]}} - 1; i++)); do
        w="${{words[i]}}"
        if [[ $value_flags == *" $w "* ]]; then
            [[ $w == --dataset ]] && dataset="${{words[i+1]}}"
            ((i++))
        elif [[ $w == -* ]]; then
            :
        elif [[ -z $subcommand ]]; then
            case " {subcommands} " in *" $w "*) subcommand="$w" ;; esac
        else
            ((npos++))
        fi
    done
    COMPREPLY=()
    if [[ $value_flags == *" $prev "* ]]; then
        case "$subcommand $prev" in
{values}
        esac
        return
    fi
    if [[ $cur == -* ]]; then
        case "$subcommand" in
{options}
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    if [[ -z $subcommand ]]; then
        COMPREPLY=($(compgen -W "{subcommands}" -- "$cur"))
        return
    fi
    case "$subcommand $npos" in
{positionals}
    esac
    # What bash shows after the colon it split at: drop "kind:" from each candidate.
    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local colon_prefix="${{cur%"${{cur##*:}}"}}"
        for i in "${{!COMPREPLY[@]}}"; do COMPREPLY[i]="${{COMPREPLY[i]#"$colon_prefix"}}"; done
    fi
}}
complete -F _ciftis ciftis
"""


# -- zsh ---------------------------------------------------------------------------------------
def _zsh_text(text: str, colons: bool = False) -> str:
    """TEXT inside a single-quoted zsh word, as an option's [description] (or, COLONS, a
    `name:description` entry, where a colon is escaped)."""
    text = text.replace("\\", "\\\\").replace("'", "'\\''").replace("[", "(").replace("]", ")")
    return text.replace(":", "\\:") if colons else text


def _zsh_specs(command: Command) -> list[str]:
    specs = []
    for option in command.options:
        flags = option.flags
        described = f"[{_zsh_text(option.help)}]"
        if option.takes_value:
            if option.choices:
                value = f":value:({' '.join(option.choices)})"
            elif option.directory:
                value = ":directory:_files -/"
            else:
                value = ":value: "
        else:
            value = ""
        if len(flags) > 1:
            specs.append(f"'({' '.join(flags)})'{{{','.join(flags)}}}'{described}{value}'")
        else:
            specs.append(f"'{flags[0]}{described}{value}'")
    for number, (what, values) in enumerate(command.positionals, 1):
        star = command.repeats_last and number == len(command.positionals)
        position = "*" if star else str(number)
        if what == "choices":
            specs.append(f"'{position}:value:({' '.join(values)})'")
        elif what in ("years", "refs"):
            specs.append(f"'{position}:{what}:_ciftis_{what}'")
        else:
            specs.append(f"'{position}:value: '")
    return specs


def zsh_script(tree: Command) -> str:
    described = "\n".join(f"        '{c.name}:{_zsh_text(c.help, colons=True)}'" for c in tree.subcommands)
    cases = "\n".join(
        f"            {c.name})\n                _arguments -s \\\n                    " + " \\\n                    ".join(_zsh_specs(c) or ["'*: :'"]) + "\n                ;;"
        for c in tree.subcommands
    )
    top = " \\\n        ".join(_zsh_specs(tree))
    return _ZSH.format(described=described, cases=cases, top=top)


_ZSH = r"""#compdef ciftis
# zsh completion for ciftis (CIFTIS Explorer); load with:  source <(ciftis completion zsh)
# or save it as _ciftis in a directory of your $fpath.
_ciftis_dataset_args() {{
    local i
    for ((i = 1; i < $#words; i++)); do
        [[ $words[i] == --dataset ]] && {{ print -r -- --dataset; print -r -- $words[i+1]; }}
    done
}}
_ciftis_dynamic() {{
    local -a found extra
    extra=(${{(f)"$(_ciftis_dataset_args)"}})
    found=(${{(f)"$(command ciftis $extra completion --complete $1 --word "$PREFIX" 2>/dev/null)"}})
    compadd -Q -S '' -- ${{found:#*[^:]}}
    compadd -Q -- ${{found:#*:}}
}}
_ciftis_years() {{ _ciftis_dynamic years }}
_ciftis_refs() {{ _ciftis_dynamic refs }}

_ciftis() {{
    local curcontext="$curcontext" state line
    local -a subcommands
    subcommands=(
{described}
    )
    _arguments -C \
        {top} \
        '1:command:->command' \
        '*::argument:->argument'
    case $state in
        command)
            _describe -t commands 'ciftis command' subcommands
            ;;
        argument)
            case $line[1] in
{cases}
            esac
            ;;
    esac
}}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _ciftis "$@"
else
    compdef _ciftis ciftis
fi
"""


# -- fish --------------------------------------------------------------------------------------
def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish_script(tree: Command) -> str:
    names = " ".join(c.name for c in tree.subcommands)
    lines = [
        "# fish completion for ciftis (CIFTIS Explorer); load with:  ciftis completion fish | source",
        "# or save it as ~/.config/fish/completions/ciftis.fish",
        "function __ciftis_dynamic",
        "    set -l extra",
        "    set -l tokens (commandline -opc)",
        "    set -l i (contains -i -- --dataset $tokens)",
        "    and set extra --dataset $tokens[(math $i + 1)]",
        "    command ciftis $extra completion --complete $argv[1] --word (commandline -ct) 2>/dev/null",
        "end",
        "function __ciftis_positional -a want",
        "    # true when the word being completed is positional number WANT (0-based) of the subcommand",
        "    set -l tokens (commandline -opc)",
        "    set -l count 0",
        "    set -l seen 0",
        f"    set -l value_flags {' '.join(sorted({f for c in (tree, *tree.subcommands) for o in c.options if o.takes_value for f in o.flags}))}",
        "    set -l skip 0",
        "    for token in $tokens[2..-1]",
        "        if test $skip = 1",
        "            set skip 0",
        "        else if contains -- $token $value_flags",
        "            set skip 1",
        "        else if string match -q -- '-*' $token",
        "            continue",
        "        else if test $seen = 0",
        "            set seen 1",
        "        else",
        "            set count (math $count + 1)",
        "        end",
        "    end",
        "    test $seen = 1; and test $count -ge $want; and test $count -le $argv[2]",
        "end",
        "complete -c ciftis -f",
    ]
    for option in tree.options:
        lines.append(_fish_option(option, f"not __fish_seen_subcommand_from {names}"))
    for command in tree.subcommands:
        lines.append(f"complete -c ciftis -n 'not __fish_seen_subcommand_from {names}' -a {command.name} -d {_fish_text(command.help)}")
    for command in tree.subcommands:
        condition = f"__fish_seen_subcommand_from {command.name}"
        for option in command.options:
            lines.append(_fish_option(option, condition))
        for number, (what, values) in enumerate(command.positionals):
            upto = 99 if command.repeats_last and number == len(command.positionals) - 1 else number
            where = f"{condition}; and __ciftis_positional {number} {upto}"
            if what == "choices":
                lines.append(f"complete -c ciftis -n '{where}' -a {_fish_text(' '.join(values))}")
            elif what in ("years", "refs"):
                lines.append(f"complete -c ciftis -n '{where}' -a '(__ciftis_dynamic {what})'")
    return "\n".join(lines) + "\n"


def _fish_option(option: Option, condition: str) -> str:
    parts = [f"complete -c ciftis -n '{condition}'"]
    for flag in option.flags:
        parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
    if option.takes_value:
        if option.choices:
            parts.append(f"-x -a {_fish_text(' '.join(option.choices))}")
        elif option.directory:
            parts.append("-x -a '(__fish_complete_directories)'")
        else:
            parts.append("-x")
    if option.help:
        parts.append(f"-d {_fish_text(option.help)}")
    return " ".join(parts)

