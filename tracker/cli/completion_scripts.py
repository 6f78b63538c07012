"""Shell completion scripts for bash, zsh and fish, made from supple's own argument parser.

`supple completion SHELL` prints one; the wheel also carries them under share/ (see
`tracker.cli.shared_files`). Each script knows the command tree (subcommands, options, which
options take a value, choices) and completes config keys, files and folders where the parser
says so (`tracker.cli.parser._completes`).
"""

from __future__ import annotations

from tracker.cli.parser_spec import Command, Option, Positional, supple_command_line
from tracker.core.settings import KEYS

SHELLS = ("bash", "zsh", "fish")
HEADER = "completion for supple; made by `supple completion {shell}` from supple's own parser"


def script(shell: str, root: Command | None = None) -> str:
    root = root or supple_command_line()
    if shell == "bash":
        return bash(root)
    if shell == "zsh":
        return zsh(root)
    if shell == "fish":
        return fish(root)
    raise ValueError(f"no completion for {shell!r}; choose one of {', '.join(SHELLS)}")


def _words(items: list[str] | tuple[str, ...]) -> str:
    return " ".join(items)


# --------------------------------------------------------------------------- bash


def _bash_value(what: str | None, choices: tuple[str, ...]) -> str:
    if choices:
        return f'mapfile -t COMPREPLY < <(compgen -W "{_words(choices)}" -- "$cur")'
    if what == "dir":
        return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur")'
    if what == "file":
        return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur")'
    if what == "config-key":
        return 'mapfile -t COMPREPLY < <(compgen -W "$_supple_config_keys" -- "$cur")'
    return "COMPREPLY=()"


def bash(root: Command) -> str:
    commands = root.walk()
    key = {id(c): " ".join(c.path) for c in commands}
    takes_value = sorted(
        f'"{key[id(c)]}|{flag}"'
        for c in commands
        for o in c.options
        if o.metavar
        for flag in o.flags
    )
    sub_cases = [
        f'        "{key[id(c)]}") echo "{_words([s.path[-1] for s in c.commands])}" ;;'
        for c in commands
        if c.commands
    ]
    option_cases = [
        f'        "{key[id(c)]}") echo "{_words([f for o in c.options for f in o.flags])}" ;;'
        for c in commands
    ]
    value_cases: list[str] = []
    for c in commands:
        for o in c.options:
            if o.metavar:
                for flag in o.flags:
                    value_cases.append(
                        f'        "{key[id(c)]}|{flag}") {_bash_value(o.complete, o.choices)} ;;'
                    )
        for index, p in enumerate(c.positionals):
            value_cases.append(
                f'        "{key[id(c)]}|#{index}") {_bash_value(p.complete, p.choices)} ;;'
            )
    lines = [
        f"# bash {HEADER.format(shell='bash')}",
        "# Load it with: source <(supple completion bash)",
        f'_supple_config_keys="{_words(list(KEYS))}"',
        "",
        "_supple_takes_value() {",
        '    case "$1|$2" in',
        *(f"        {item}|\\" for item in takes_value[:-1]),
        f"        {takes_value[-1]}) return 0 ;;",
        "    esac",
        "    return 1",
        "}",
        "",
        "_supple_commands() {",
        '    case "$1" in',
        *sub_cases,
        "    esac",
        "}",
        "",
        "_supple_options() {",
        '    case "$1" in',
        *option_cases,
        "    esac",
        "}",
        "",
        "_supple_value() {",
        '    case "$1|$2" in',
        *value_cases,
        "        *) COMPREPLY=() ;;",
        "    esac",
        "}",
        "",
        "_supple() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" path="" npos=0 i word',
        '    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
        "    # --opt=value: bash splits it at the = (COMP_WORDBREAKS)",
        '    if [[ $cur == "=" ]]; then cur=""; fi',
        '    if [[ $prev == "=" ]] && (( COMP_CWORD > 1 )); then',
        '        prev="${COMP_WORDS[COMP_CWORD-2]}"',
        "    fi",
        "    # The words before the cursor: follow subcommands, skip options and their values.",
        "    for (( i = 1; i < COMP_CWORD; i++ )); do",
        '        word="${COMP_WORDS[i]}"',
        "        if [[ $word == -* ]]; then",
        '            if _supple_takes_value "$path" "$word"; then',
        "                (( i++ ))",
        '                [[ ${COMP_WORDS[i]} == "=" ]] && (( i++ ))',
        "            fi",
        "            continue",
        "        fi",
        '        if [[ " $(_supple_commands "$path") " == *" $word "* ]]; then',
        '            path="${path:+$path }$word"',
        "            npos=0",
        "        else",
        "            (( npos++ ))",
        "        fi",
        "    done",
        '    if [[ $prev == -* ]] && _supple_takes_value "$path" "$prev"; then',
        '        _supple_value "$path" "$prev"',
        "        return 0",
        "    fi",
        "    if [[ $cur == -* ]]; then",
        '        mapfile -t COMPREPLY < <(compgen -W "$(_supple_options "$path")" -- "$cur")',
        "        return 0",
        "    fi",
        "    local commands",
        '    commands="$(_supple_commands "$path")"',
        "    if [[ -n $commands ]]; then",
        '        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")',
        "        return 0",
        "    fi",
        '    _supple_value "$path" "#$npos"',
        "    return 0",
        "}",
        "",
        "complete -F _supple supple",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- zsh


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_describe(text: str) -> str:
    """Text inside an _arguments [description]."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _zsh_action(what: str | None, choices: tuple[str, ...]) -> str:
    if choices:
        return f"({_words(choices)})"
    if what == "dir":
        return "_files -/"
    if what == "file":
        return "_files"
    if what == "config-key":
        return f"({_words(list(KEYS))})"
    return " "


def _zsh_option(option: Option) -> str:
    flags = option.flags
    description = _zsh_describe(option.help)
    value = ""
    if option.metavar:
        message = option.metavar.replace(":", "\\:")
        value = f":{message}:{_zsh_action(option.complete, option.choices)}"
    if len(flags) == 1:
        return _zsh_quote(f"{flags[0]}[{description}]{value}")
    exclusive = "(- *)" if flags == ("-h", "--help") else f"({' '.join(flags)})"
    return (
        _zsh_quote(exclusive) + "{" + ",".join(flags) + "}" + _zsh_quote(f"[{description}]{value}")
    )


def _zsh_positional(positional: Positional) -> str:
    message = (positional.help or positional.name).replace(":", "\\:")
    return _zsh_quote(f":{message}:{_zsh_action(positional.complete, positional.choices)}")


def _zsh_function(command: Command) -> list[str]:
    name = "_" + "_".join(("supple", *command.path))
    specs = [_zsh_option(o) for o in command.options]
    if not command.commands:
        specs += [_zsh_positional(p) for p in command.positionals]
        body = ["    _arguments -s \\", *(f"        {spec} \\" for spec in specs)]
        body[-1] = body[-1].removesuffix(" \\")
        return [f"{name}() {{", *body, "}", ""]
    entries = ["            " + _zsh_quote(f"{c.path[-1]}:{c.summary}") for c in command.commands]
    cases = [f"                {c.path[-1]}) {name}_{c.path[-1]} ;;" for c in command.commands]
    return [
        f"{name}() {{",
        '    local curcontext="$curcontext" state state_descr line',
        "    typeset -A opt_args",
        "    _arguments -C -s \\",
        *(f"        {spec} \\" for spec in specs),
        "        '1: :->command' \\",
        "        '*:: :->argument'",
        "    case $state in",
        "        command)",
        "            local -a commands",
        "            commands=(",
        *("    " + e for e in entries),
        "            )",
        f"            _describe -t commands {_zsh_quote(command.name + ' command')} commands",
        "            ;;",
        "        argument)",
        "            case $words[1] in",
        *cases,
        "            esac",
        "            ;;",
        "    esac",
        "}",
        "",
    ]


def zsh(root: Command) -> str:
    lines = [
        "#compdef supple",
        f"# zsh {HEADER.format(shell='zsh')}",
        "# Put it in a folder on $fpath as _supple, or load it with:",
        "#   source <(supple completion zsh)",
        "",
    ]
    for command in root.walk():
        lines += _zsh_function(command)
    lines += [
        "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then",
        '    _supple "$@"',
        "else",
        "    compdef _supple supple",
        "fi",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- fish


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_values(what: str | None, choices: tuple[str, ...]) -> list[str]:
    """The completion flags for a value: -x (exclusive, no files) with -a, or -r -F."""
    if choices:
        return ["-x", "-a", _fish_quote(_words(choices))]
    if what == "dir":
        return ["-x", "-a", "'(__fish_complete_directories)'"]
    if what == "file":
        return ["-r", "-F"]
    if what == "config-key":
        return ["-x", "-a", _fish_quote(_words(list(KEYS)))]
    return ["-x"]


def fish(root: Command) -> str:
    commands = root.walk()
    slash = {id(c): "/".join(c.path) for c in commands}
    takes_value = sorted(
        _fish_quote(f"{slash[id(c)]}|{flag}")
        for c in commands
        for o in c.options
        if o.metavar
        for flag in o.flags
    )
    subcommands = sorted(
        _fish_quote(f"{slash[id(c)]}|{s.path[-1]}") for c in commands for s in c.commands
    )
    lines = [
        f"# fish {HEADER.format(shell='fish')}",
        "# Put it in ~/.config/fish/completions/supple.fish, or: supple completion fish | source",
        "",
        f"set -g __supple_takes_value {' '.join(takes_value)}",
        f"set -g __supple_subcommands {' '.join(subcommands)}",
        "",
        "# Where the command line is: the subcommand path (config/get) and how many plain",
        "# arguments follow it, as 'PATH|N'.",
        "function __supple_state",
        "    set -l tokens (commandline -opc)",
        "    set -e tokens[1]",
        "    set -l path ''",
        "    set -l count 0",
        "    set -l skip 0",
        "    for token in $tokens",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        if string match -q -- '-*' $token",
        "            set -l flag (string split -m 1 = -- $token)[1]",
        '            if contains -- "$path|$flag" $__supple_takes_value',
        '                and not string match -q -- "*=*" $token',
        "                set skip 1",
        "            end",
        '        else if contains -- "$path|$token" $__supple_subcommands',
        '            if test -z "$path"',
        "                set path $token",
        "            else",
        '                set path "$path/$token"',
        "            end",
        "            set count 0",
        "        else",
        "            set count (math $count + 1)",
        "        end",
        "    end",
        '    echo "$path|$count"',
        "end",
        "",
        "# __supple_at PATH [N]: at that subcommand (with N plain arguments after it, if given).",
        "function __supple_at",
        "    set -l state (string split '|' -- (__supple_state))",
        '    test "$state[1]" = "$argv[1]"; or return 1',
        '    test (count $argv) -lt 2; or test "$state[2]" = "$argv[2]"',
        "end",
        "",
        "complete -c supple -f",
    ]
    for c in commands:
        at = _fish_quote(f"__supple_at {_fish_quote(slash[id(c)])}")
        for s in c.commands:
            name, summary = _fish_quote(s.path[-1]), _fish_quote(s.summary)
            lines.append(f"complete -c supple -n {at} -a {name} -d {summary}")
        for o in c.options:
            flags: list[str] = []
            for flag in o.flags:
                if flag.startswith("--"):
                    flags += ["-l", flag[2:]]
                else:
                    flags += ["-s", flag[1:]]
            values = _fish_values(o.complete, o.choices) if o.metavar else []
            parts = ["complete -c supple -n", at, *flags, *values, "-d", _fish_quote(o.help)]
            lines.append(" ".join(parts))
        for index, p in enumerate(c.positionals):
            at_n = _fish_quote(f"__supple_at {_fish_quote(slash[id(c)])} {index}")
            values = _fish_values(p.complete, p.choices)
            if values == ["-x"]:
                continue  # free text: nothing to offer
            if values == ["-r", "-F"]:
                values = ["-F"]
            lines.append(" ".join(["complete -c supple -n", at_n, *values]))
    lines.append("")
    return "\n".join(lines)
