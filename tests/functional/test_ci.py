"""planner ci: pipeline files for the example graphs and the webshop, checked as a CI system would.

Each generated file parses as YAML, validates against the published JSON Schema
(GitHub workflows, GitLab CI), passes actionlint (GitHub), runs the plan's waves
in order (every job waits for every lower wave, and for nothing else), and runs
every test of the plan in exactly one job. The golden files in ``tests/golden/ci``
are the expected output (``UPDATE_GOLDEN=1`` rewrites them). One job's commands
are then run for real, in a copy of the webshop, with a real shell.
"""

from __future__ import annotations

import itertools
import json
import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GRAPHS, ROOT, RunCli, planner_cli, webshop_copy
from tests.functional import ci_checks
from tests.golden_checks import check_golden

GOLDEN = ROOT / "tests" / "golden" / "ci"
EXAMPLE = ROOT / "examples" / "webshop"


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


@pytest.fixture(scope="module")
def webshop(planned_webshop: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the webshop with its bottom-up plan, tests included, in plan.json."""
    return webshop_copy(planned_webshop, tmp_path_factory.mktemp("ci"))


def planner(cwd: Path, *args: str) -> str:
    done = planner_cli(*args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


def plan_data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --- the example graphs (no tests: each job runs --run CMD) ------------------------------------

EXAMPLES = ["shop", "textbook", "classes"]


@pytest.fixture(scope="module")
def graph_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("graph-plans")
    for name in EXAMPLES:
        planner(where, "plan", str(GRAPHS / f"{name}.dot"), "-o", f"{name}.json")
    return where


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("per_step", [False, True], ids=["per-wave", "per-step"])
def test_github_workflows_of_the_example_graphs(graph_plans: Path, tmp_path: Path, name: str, per_step: bool) -> None:
    args = ["ci", "github", f"{name}.json", "--run", "make integration-step"] + (["--per-step"] if per_step else [])
    text = planner(graph_plans, *args)
    golden(f"{name}.github{'-per-step' if per_step else ''}.yml", text)
    data = ci_checks.load(text)
    ci_checks.validate(text, "github", tmp_path)
    plan = plan_data(graph_plans / f"{name}.json")
    steps = ci_checks.github_jobs(data)
    # with --run every step has a job, exactly once
    assert sorted(k for ks in steps.values() for k in ks) == [s["index"] for s in plan["steps"]]
    ci_checks.assert_wave_order(plan, ci_checks.closure(ci_checks.github_needs(data)), steps)
    for job in data["jobs"].values():
        assert [s.get("run") for s in job["steps"] if s.get("name") == "Run the step"] == ["make integration-step"]
    ci_checks.actionlint(text)


@pytest.mark.parametrize("name", EXAMPLES)
def test_gitlab_pipelines_of_the_example_graphs(graph_plans: Path, tmp_path: Path, name: str) -> None:
    text = planner(graph_plans, "ci", "gitlab", f"{name}.json", "--run", "make integration-step")
    golden(f"{name}.gitlab.yml", text)
    data = ci_checks.load(text)
    ci_checks.validate(text, "gitlab", tmp_path)
    plan = plan_data(graph_plans / f"{name}.json")
    jobs = ci_checks.gitlab_jobs(data)
    assert sorted(step for _, step in jobs.values()) == [s["index"] for s in plan["steps"]]
    assert data["stages"] == [f"wave-{w}" for w in sorted({s["wave"] for s in plan["steps"]})]
    wave = {s["index"]: s["wave"] for s in plan["steps"]}
    assert all(stage == f"wave-{wave[step]}" for stage, step in jobs.values())


# --- the webshop: a plan with tests --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("webshop.github.yml", ["ci", "github", "plan.json", "--layout", "waves"]),
        ("webshop.github-per-step.yml", ["ci", "github", "plan.json", "--per-step"]),
        ("webshop.gitlab.yml", ["ci", "gitlab", "plan.json", "--layout", "waves"]),
    ],
)
def test_webshop_pipelines_run_every_test_once_in_wave_order(
    webshop: Path, tmp_path: Path, name: str, args: list[str]
) -> None:
    text = planner(webshop, *args)
    golden(name, text)
    data = ci_checks.load(text)
    system = args[1]
    ci_checks.validate(text, system, tmp_path)
    plan = plan_data(webshop / "plan.json")
    tests = {s["index"]: s["tests"] for s in plan["steps"]}
    if system == "github":
        steps = ci_checks.github_jobs(data)
        ci_checks.assert_wave_order(plan, ci_checks.closure(ci_checks.github_needs(data)), steps)
        ci_checks.actionlint(text)
    else:
        stages = data["stages"]
        jobs = ci_checks.gitlab_jobs(data)
        steps = {job: [step] for job, (_, step) in jobs.items()}
        # GitLab runs a stage once every job of the stages before it passed
        before = {
            job: {o for o, (s, _) in jobs.items() if stages.index(s) < stages.index(stage)}
            for job, (stage, _) in jobs.items()
        }
        ci_checks.assert_wave_order(plan, before, steps)
    in_jobs = [node_id for ks in steps.values() for k in ks for node_id in tests[k]]
    every = [t["id"] for t in plan["selection"]["tests"]]
    assert sorted(in_jobs) == sorted(every) and len(set(in_jobs)) == len(in_jobs) == 43
    # the steps without tests (step 1: the package shop) get no job, and the header says so
    assert [k for k, ts in tests.items() if not ts] == [1]
    assert all(1 not in ks for ks in steps.values())
    assert "# Steps with no tests have no job: 1." in text


def test_the_same_plan_gives_the_same_bytes_and_output_is_never_overwritten(webshop: Path, run_cli: RunCli) -> None:
    out = webshop / "wf" / "integration.yml"
    first = run_cli("ci", "github", "plan.json", "-o", out, cwd=webshop)
    assert first.returncode == 0, first.stderr
    written = out.read_bytes()
    again = run_cli("ci", "github", "plan.json", "-o", out, cwd=webshop)
    assert again.returncode == 1 and "already exists; use --force" in again.stderr
    forced = run_cli("ci", "github", "plan.json", "-o", out, "--force", cwd=webshop)
    assert forced.returncode == 0 and out.read_bytes() == written
    assert not [p for p in out.parent.iterdir() if p.name != "integration.yml"]  # no temporary file left


def test_the_matrix_lists_the_steps_with_tests(webshop: Path) -> None:
    plan = plan_data(webshop / "plan.json")
    matrix = json.loads(planner(webshop, "ci", "github", "plan.json", "--matrix"))
    tested = [s for s in plan["steps"] if s["tests"]]
    assert [e["step"] for e in matrix["include"]] == [s["index"] for s in tested]
    assert [json.loads(e["units"]) for e in matrix["include"]] == [s["units"] for s in tested]
    wave2 = json.loads(planner(webshop, "ci", "github", "plan.json", "--matrix", "--wave", "2"))
    assert {e["wave"] for e in wave2["include"]} == {2}
    golden("webshop.matrix.json", planner(webshop, "ci", "github", "plan.json", "--matrix"))


def test_a_job_runs_its_step_with_a_real_shell(webshop: Path, tmp_path: Path) -> None:
    """The exact run: lines of the GitHub job of step 7 (shop.db) and of the GitLab job, install skipped."""
    work = tmp_path / "webshop"
    shutil.copytree(webshop, work, ignore=shutil.ignore_patterns("__pycache__", "planner-junit", "wf"))
    plan = plan_data(work / "plan.json")
    step = next(s for s in plan["steps"] if s["units"] == ["shop.db"])
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # What actions/setup-python puts on PATH: this interpreter, run by its own path so that
    # a virtual environment's site-packages (an installed planner's plugin) stay in use.
    wrapper = bin_dir / "python"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
    wrapper.chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"

    github = ci_checks.load(planner(work, "ci", "github", "plan.json", "--layout", "waves"))
    job = next(
        j for j in github["jobs"].values() if step["index"] in [e["step"] for e in j["strategy"]["matrix"]["include"]]
    )
    entry = next(e for e in job["strategy"]["matrix"]["include"] if e["step"] == step["index"])
    env = {
        k: str(v).replace("${{ matrix.step }}", str(entry["step"])).replace("${{ matrix.units }}", entry["units"])
        for k, v in job["env"].items()
    }
    commands = [s["run"] for s in job["steps"] if "run" in s and not s["name"].startswith("Install")]
    assert commands[0] == "python -m planner --version" and len(commands) == 2
    for command in commands:
        done = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=work,
            env=ci_checks.step_env(PATH=path, **env),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(step['tests'])} passed, {43 - len(step['tests'])} deselected" in done.stdout
    report = ET.parse(work / "planner-junit" / f"step-{step['index']}.xml").getroot()
    cases = [f"{c.get('classname')}::{c.get('name')}" for c in report.iter("testcase")]
    assert len(cases) == len(step["tests"])

    gitlab = ci_checks.load(planner(work, "ci", "gitlab", "plan.json", "--layout", "waves"))
    name, job = next(
        (n, j)
        for n, j in gitlab.items()
        if isinstance(j, dict) and j.get("variables", {}).get("PLANNER_STEP") == str(step["index"])
    )
    assert name == f"step {step['index']}: shop.db"
    before = [c for c in gitlab["default"]["before_script"] if not c.startswith("python -m pip install")]
    assert before == ["python -m planner --version"]
    for command in before + job["script"]:
        done = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=work,
            env=ci_checks.step_env(PATH=path, **job["variables"]),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(step['tests'])} passed" in done.stdout
    assert (work / job["artifacts"]["reports"]["junit"]).is_file()


# --- hostile plans: unit names and paths from a plan file stay data -------------------------------

HOSTILE = [
    "${{ secrets.GITHUB_TOKEN }}",
    "a'; touch pwned; echo '",
    "$(touch pwned)",
    '"; rm -rf ~ #',
    "`touch pwned`",
    "--help",
    "$HOME",
    "key: value # comment",
    "- item",
    "ünïcødé ✓",
]


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("hostile")

    def q(name: str) -> str:
        return json.dumps(name, ensure_ascii=False)

    lines = [f"  {q(a)} -> {q(b)};" for a, b in itertools.pairwise(HOSTILE)]
    lines.append(f"  {q(HOSTILE[0])} -> {q(HOSTILE[-1])};")
    (where / "hostile.dot").write_text("digraph {\n" + "\n".join(lines) + "\n}\n", encoding="utf-8")
    planner(where, "plan", "hostile.dot", "-o", "plan.json")
    return where


@pytest.mark.parametrize("args", [["github"], ["github", "--per-step"], ["gitlab"]], ids=" ".join)
def test_hostile_unit_names_never_reach_a_command_nor_an_expression(
    hostile_plan: Path, tmp_path: Path, args: list[str]
) -> None:
    text = planner(hostile_plan, "ci", *args, "plan.json", "--run", "make integration-step")
    data = ci_checks.load(text)
    ci_checks.validate(text, args[0], tmp_path)
    opened = [chunk.split("}}")[0].join(("${{", "}}")) for chunk in text.split("${{")[1:]]
    assert set(opened) <= ci_checks.EXPRESSIONS, opened  # no expression but planner's own
    runs: list[str] = []
    units: list[list[str]] = []
    if args[0] == "github":
        for job in data["jobs"].values():
            runs += [step["run"] for step in job["steps"] if "run" in step]
            entries = job.get("strategy", {}).get("matrix", {}).get("include") or [
                job["env"] | {"units": job["env"]["PLANNER_UNITS"]}
            ]
            units += [json.loads(e["units"]) for e in entries]
        ci_checks.actionlint(text)
    else:
        for job in ci_checks.gitlab_jobs(data):
            runs += data[job]["script"]
            units.append(json.loads(data[job]["variables"]["PLANNER_UNITS"]))
        runs += data["default"]["before_script"]
    assert sorted(u for us in units for u in us) == sorted(HOSTILE)  # exact names, through JSON
    for run in runs:
        assert not any(name in run for name in HOSTILE if len(name) > 5), run
    raw = [e for job in (data.get("jobs") or data).values() if isinstance(job, dict) for e in _unit_variables(job)]
    assert raw and not any("$" in text for text in raw)  # JSON with \\u0024: nothing for GitLab to expand either


def _unit_variables(job: dict[str, Any]) -> list[str]:
    """The PLANNER_UNITS texts of a job (literal, or its matrix entries)."""
    entries = job.get("strategy", {}).get("matrix", {}).get("include")
    if entries:
        return [e["units"] for e in entries]
    variables = job.get("env") or job.get("variables") or {}
    return [variables["PLANNER_UNITS"]] if "PLANNER_UNITS" in variables else []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rootdir": "../.."}, "plan.selection.rootdir '../..': not a relative path inside the project"),
        ({"args": ["/etc"]}, "plan.selection.args[0] '/etc': not a relative path inside the project"),
        ({"args": ["${{ github.token }}"]}, "which GitHub Actions would evaluate"),
        ({"args": ["../../outside"]}, "not a relative path inside the project"),
    ],
)
def test_hostile_paths_in_a_plan_file_are_refused(
    webshop: Path, run_cli: RunCli, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    data = plan_data(webshop / "plan.json")
    data["selection"].update(change)
    (tmp_path / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    shutil.copy(webshop / "pyproject.toml", tmp_path)  # its test extra: what the jobs install
    for system in ("github", "gitlab"):
        result = run_cli("ci", system, "plan.json", cwd=tmp_path)
        assert result.returncode in (1, 2) and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_a_path_starting_with_a_dash_is_not_an_option(webshop: Path, tmp_path: Path) -> None:
    data = plan_data(webshop / "plan.json")
    data["selection"]["args"] = ["-x"]
    (tmp_path / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    shutil.copy(webshop / "pyproject.toml", tmp_path)
    text = planner(tmp_path, "ci", "github", "plan.json", "--layout", "waves")
    run = next(
        s["run"]
        for j in ci_checks.load(text)["jobs"].values()
        for s in j["steps"]
        if s.get("name") == "Run the step's tests"
    )
    assert run.endswith(" ./-x")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["github", "plan.json", "--install", "pip install . && curl x | sh"], 2, "one command per option"),
        (["github", "plan.json", "--install", "echo ${{ secrets.TOKEN }}"], 2, "GitHub Actions would evaluate"),
        (["github", "plan.json", "--python", "3.12\nrun: x"], 2, "line break"),
        (["github", "ABSOLUTE"], 2, "from the repository's top"),
        (["github", "plan.json", "--working-directory", "../x"], 2, "not a relative path inside the project"),
        (["github", "plan.json", "--wave", "2"], 2, "--wave goes with --matrix"),
        (["gitlab", "missing.json"], 2, "no such plan file"),
    ],
)
def test_bad_options_are_one_line_errors(
    webshop: Path, run_cli: RunCli, args: list[str], code: int, message: str
) -> None:
    args = [str(webshop / "plan.json") if arg == "ABSOLUTE" else arg for arg in args]
    result = run_cli("ci", *args, cwd=webshop)
    assert result.returncode == code and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_user_strings_are_quoted(webshop: Path) -> None:
    text = planner(
        webshop,
        "ci",
        "gitlab",
        "plan.json",
        "--install",
        "pip install 'my project[test]'",
        "--planner",
        "./tools/planner dir",
    )
    before = ci_checks.load(text)["default"]["before_script"]
    assert before == [
        "pip install 'my project[test]'",
        "python -m pip install './tools/planner dir'",
        "python -m planner --version",
    ]


@pytest.mark.parametrize(
    ("pyproject", "installed", "warned"),
    [
        # the project brings integration-planner: nothing more is installed
        ('[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["pytest", "integration-planner>=0.1"]\n',
         False, False),
        ('[project]\nname = "x"\ndependencies = ["Integration_Planner @ file:///opt/p.whl"]\n', False, False),
        ('[project]\nname = "x"\n[dependency-groups]\ndev = ["integration-planner[exact]"]\n', False, False),
        ('[project]\nname = "integration-planner"\n[project.optional-dependencies]\ntest = ["pytest"]\n', False, False),
        # it does not: the jobs install it by name
        ('[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["pytest", "planners"]\n', True, False),
        # it requires the index's other planner: warned, and not installed over it
        ('[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["pytest", "planner>=0.1"]\n', False, True),
        ("[tool.x]\n", False, False),  # not a [project]: nothing can be told
    ],
)  # fmt: skip
def test_the_jobs_install_integration_planner_unless_the_project_brings_it(
    webshop: Path, tmp_path: Path, run_cli: RunCli, pyproject: str, installed: bool, warned: bool
) -> None:
    work = tmp_path / "w"
    work.mkdir()
    shutil.copy(webshop / "plan.json", work / "plan.json")
    (work / "pyproject.toml").write_text(pyproject)
    install = [] if "pytest" in pyproject else ["--install", "python -m pip install -e ."]
    for system in ("github", "gitlab"):
        result = run_cli("ci", system, "plan.json", *install, cwd=work)
        assert result.returncode == 0, result.stderr
        assert ("python -m pip install integration-planner\n" in result.stdout) is installed, result.stdout
        assert ("is another project: require integration-planner" in result.stderr) is warned, result.stderr
        assert ("warning" in result.stderr) is warned, result.stderr
    given = run_cli("ci", "github", "plan.json", "--planner", "integration-planner==0.1.0", *install, cwd=work)
    assert "warning" not in given.stderr and "python -m pip install integration-planner==0.1.0" in given.stdout
    assert "python -m pip install integration-planner\n" not in given.stdout


def test_a_graph_is_not_a_plan_and_a_plan_without_tests_needs_run(run_cli: RunCli, graph_plans: Path) -> None:
    result = run_cli("ci", "github", GRAPHS / "shop.dot")
    assert result.returncode == 2 and "is not a plan file" in result.stderr
    result = run_cli("ci", "github", "shop.json", cwd=graph_plans)
    assert result.returncode == 2 and "assigns no tests" in result.stderr and "--run CMD" in result.stderr


# --- the workflows docs/ci.md shows are valid too -------------------------------------------------


def doc_blocks() -> list[str]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [chunk.split("```", 1)[0] for chunk in text.split("```yaml\n")[1:]]
    return [b for b in blocks if "\n    ...\n" not in b and "\n  ...\n" not in b]


@pytest.mark.parametrize("block", doc_blocks(), ids=lambda b: b.splitlines()[0][:40])
def test_the_workflows_in_the_docs_are_valid(block: str, tmp_path: Path) -> None:
    ci_checks.load(block)
    if block.startswith("# .github/workflows/"):
        ci_checks.validate(block, "github", tmp_path)
        ci_checks.actionlint(block)
    else:
        ci_checks.validate(block, "gitlab", tmp_path)


def test_the_docs_show_the_real_output() -> None:
    """The excerpts of docs/ci.md are the golden files' own lines."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name, lines in (("webshop.github.yml", 54), ("webshop.gitlab.yml", 30)):
        head = "".join((GOLDEN / name).read_text(encoding="utf-8").splitlines(True)[:lines])
        assert head in text, name


def test_a_plan_made_in_a_subdirectory(webshop: Path, tmp_path: Path) -> None:
    """--working-directory: the commands run where the plan was made; PLAN is from the repository's top."""
    repo = tmp_path / "repo"
    shutil.copytree(webshop, repo / "shop dir", ignore=shutil.ignore_patterns("__pycache__", "planner-junit", "wf"))
    args = ["shop dir/plan.json", "--working-directory", "shop dir", "--layout", "waves"]
    github = ci_checks.load(planner(repo, "ci", "github", *args))
    assert github["defaults"]["run"]["working-directory"] == "shop dir"
    steps = github["jobs"]["wave-1"]["steps"]
    run = next(s["run"] for s in steps if s.get("name") == "Run the step's tests")
    assert run.startswith("python -m pytest --plan=plan.json ")
    assert steps[-1]["with"]["path"] == "shop dir/planner-junit/step-${{ matrix.step }}.xml"
    gitlab = ci_checks.load(planner(repo, "ci", "gitlab", *args))
    assert gitlab["default"]["before_script"][0] == "cd 'shop dir'"
    assert gitlab["step 2: shop.config"]["artifacts"]["reports"]["junit"] == "shop dir/planner-junit/step-2.xml"
