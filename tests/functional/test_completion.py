"""Shell completion, as the shells ask for it (issue 17).

typer's protocol: the shell's completion function runs ``planner`` again with
``_PLANNER_COMPLETE=complete_<shell>`` and the words typed so far in the environment,
and offers what it prints. Each test is a real subprocess; the real shells are driven
where they are installed (.ci/run installs zsh and fish) and skip, saying why, where not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent  # where the planner console script is, beside this Python


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("_PLANNER", "_TYPER", "COMP_"))}
    base.update(PYTHONPATH=str(ROOT), PATH=os.pathsep.join([str(BIN), base.get("PATH", "")]), NO_COLOR="1")
    return {**base, **extra}


def planner(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "planner", *args]
    return subprocess.run(argv, env=env(**extra), capture_output=True, text=True, timeout=60, check=False)


def shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install {name}; .ci/run installs it)")
    if shutil.which("planner", path=str(BIN)) is None:
        pytest.skip("the planner console script is not installed beside this Python (pip install -e .)")
    return found


def in_shell(name: str, script: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by the shell ``name``: planner finds the shell it runs in as its parent process."""
    argv = [shell(name), "--no-config" if name == "fish" else "-f" if name == "zsh" else "--norc", "-c", script]
    return subprocess.run(argv, env=env(**extra), capture_output=True, text=True, timeout=60, check=False)


def test_completing_pl_offers_plan() -> None:
    """The protocol alone, as bash's completion function speaks it: no shell needed."""
    offered = planner(_PLANNER_COMPLETE="complete_bash", COMP_WORDS="planner pl", COMP_CWORD="1")
    assert (offered.returncode, offered.stdout) == (0, "plan\n"), offered.stderr
    values = planner(_PLANNER_COMPLETE="complete_bash", COMP_WORDS="planner plan src --cycles c", COMP_CWORD="4")
    assert values.stdout == "cluster\n", values.stderr


def test_bash_shows_its_script_and_completes_commands_options_and_their_values() -> None:
    probe = (
        "script=$(planner --show-completion)\n"  # in bash, for bash
        'eval "$script"; tail -n 1 <<<"$script"\n'
        "for words in 'planner pl' 'planner plan --str' 'planner plan src --strategy b' 'planner ci g'; do\n"
        '  read -r -a COMP_WORDS <<<"$words"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n'
        '  _planner_completion planner; echo "$words: ${COMPREPLY[*]}"\n'
        "done\n"
    )
    done = in_shell("bash", probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "complete -o default -F _planner_completion planner",
        "planner pl: plan",
        "planner plan --str: --strategy --strict",
        "planner plan src --strategy b: bottom-up big-bang",
        "planner ci g: github gitlab",
    ]


def test_zsh_shows_a_script_it_reads_and_gets_the_commands_with_their_help() -> None:
    script = in_shell("zsh", "planner --show-completion; true")
    assert script.returncode == 0 and script.stdout.startswith("#compdef planner"), script.stdout + script.stderr
    syntax = subprocess.run([shell("zsh"), "-n"], input=script.stdout, capture_output=True, text=True, check=False)
    assert syntax.returncode == 0, syntax.stderr
    offered = planner(_PLANNER_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="planner pl")
    assert offered.stdout.startswith('_arguments \'*: :(("plan":"Plan the integration of SOURCE'), offered.stdout


def test_fish_completes_commands_and_option_values() -> None:
    probe = (
        'planner --show-completion | source; complete -C "planner pl"; '
        'complete -C "planner compare g.dot --objective gen"'
    )
    done = in_shell("fish", probe)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("plan\tPlan the integration of SOURCE"), lines
    assert lines[1:] == ["generic-stubs"], lines


def test_install_completion_writes_the_script_and_sources_it_once(tmp_path: Path) -> None:
    for _ in range(2):
        done = in_shell("bash", "planner --install-completion; true", HOME=str(tmp_path))
        assert done.returncode == 0, done.stderr
    installed = tmp_path / ".bash_completions" / "planner.sh"
    assert "complete -o default -F _planner_completion planner" in installed.read_text()
    assert (tmp_path / ".bashrc").read_text().count(f"source '{installed}'") == 1
