"""``planner render PLAN --audit AUDIT.json -o plan.html``: the audit section of the plan page.

The default tests render the webshop's plan with the audits kept in ``tests/assets/audit``
(written once by the real commands: a real audit takes 33 s, too long for the default suite);
the slow test runs ``planner audit --mutants 1`` on a copy of ``examples/webshop`` and renders
its output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import RunCli

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed (apt-get install graphviz)"
)

ROOT = Path(__file__).parents[2]
ASSETS = ROOT / "tests" / "assets" / "audit"


class _Section(HTMLParser):
    """The text of ``#audit``, its table rows (cells as text), and the step captions' text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.blind_rows: list[str] = []
        self.captions: dict[int, str] = {}
        self._caption: int | None = None
        self._row: list[str] | None = None
        self._blind = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("id") == "audit":
            self.depth = 1
        elif self.depth and tag == "section":
            self.depth += 1
        if tag == "p" and found.get("class") == "caption":
            self._caption = int(found["data-step"] or 0)
            self.captions[self._caption] = ""
        if self.depth and tag == "tr":
            self._row, self._blind = [], found.get("class") == "blind"
        if self._row is not None and tag in ("td", "th"):
            self._row.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.depth:
            self.depth -= 1
        if tag == "p":
            self._caption = None
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            if self._blind:
                self.blind_rows.append(self._row[0])
            self._row = None

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
        if self._row:
            self._row[-1] += data
        if self._caption is not None:
            self.captions[self._caption] += data


def _read(page: Path) -> _Section:
    parser = _Section()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture
def audited(tmp_path: Path) -> Path:
    for name in ("plan", "mutants", "interfaces", "history"):
        shutil.copy(ASSETS / f"webshop-{name}.json", tmp_path / f"{name}.json")
    return tmp_path


def test_the_page_shows_each_audit_and_each_step_its_units_localisation(run_cli: RunCli, audited: Path) -> None:
    audits = ("--audit", "mutants.json", "--audit", "interfaces.json", "--audit", "history.json")
    done = run_cli("render", "plan.json", *audits, "-o", "plan.html", cwd=audited)
    assert done.returncode == 0, done.stderr
    page = _read(audited / "plan.html")
    text = "".join(page.text)
    assert "Localised: 9 of 10 killed mutants (90 %); 1 of 11 survived." in text
    assert "Integration blind spots (no test kills any of their mutants): shop.cache (1 mutant)." in text
    assert [
        "Unit",
        "Step",
        "Mutants",
        "Killed at its step",
        "Later (step)",
        "Early (step)",
        "Survived",
        "Localised",
    ] in (page.rows)
    assert ["shop.db", "7", "1", "0", "0", "1 (step 4)", "0", "0 %"] in page.rows
    assert ["all", "", "11", "9", "0", "1", "1", "90 %"] in page.rows
    assert page.blind_rows == ["shop.cache blind spot"]
    assert page.captions[4].endswith(
        "Audit: shop.cache: 0 of 1 mutant localised here, 1 survived: a blind spot; "
        "catches 1 mutant of shop.db (step 7) early."
    )
    assert page.captions[7].endswith("Audit: shop.db: 0 of 1 mutant localised here, 1 earlier, 0 survived.")
    assert "Audit:" not in page.captions[1]  # shop: its __init__.py has no mutation point
    assert "Caught by the drivers: 26 of 26 (100 %) interface mutants that change how a call site binds, of 45" in text
    assert ["shop.db → shop.cache", "6", "4", "4", "100 %", ""] in page.rows
    assert "Misses: 0 over 2 commits replayed; the plans selected 66 of 86 test runs (77 %)." in text
    assert ["64928de3640b", "money rounds to ten cents", "1", "33 of 43", "5", "0"] in page.rows
    assert "Reproduce: planner audit plan.json --mutants 1 --seed 0" in text
    first = (audited / "plan.html").read_bytes()
    run_cli("render", "plan.json", *audits, "-o", "plan.html", "--force", cwd=audited, check=True)
    assert (audited / "plan.html").read_bytes() == first


def test_an_audit_of_another_plan_is_refused_in_one_line(run_cli: RunCli, audited: Path) -> None:
    (audited / "shop.dot").write_text(
        'digraph { "shop.app" -> "shop.config"; "shop.web" -> "shop.app" }\n', encoding="utf-8"
    )
    run_cli("plan", "shop.dot", "-o", "other.json", cwd=audited, check=True)
    done = run_cli("render", "other.json", "--audit", "mutants.json", "-o", "other.html", cwd=audited)
    assert done.returncode == 1
    # the audit records the digest of the plan it audited (an older audit without it is refused by its units)
    assert re.fullmatch(
        r"planner: error: mutants.json: plan_sha256: '857f315a480d'\.\.\. is not this plan's digest "
        r"\([0-9a-f]{12}\.\.\.\): this is an audit of another plan \(refused; audit this plan again\)\n",
        done.stderr,
    )
    assert not (audited / "other.html").exists()
    data = json.loads((audited / "mutants.json").read_text(encoding="utf-8"))
    del data["plan_sha256"]
    (audited / "mutants.json").write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("render", "other.json", "--audit", "mutants.json", "-o", "other.html", cwd=audited)
    assert done.returncode == 1
    assert done.stderr == (
        "planner: error: mutants.json: mutants[0].step: 12 does not fit a localised mutant of a plan of 3 steps "
        "(another plan?)\n"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--audit", "mutants.json", "-o", "plan.svg"],
            2,
            "--audit adds a section to the HTML page: write a .html file (or --format html)",
        ),
        (["--audit", "missing.json", "-o", "plan.html"], 1, "missing.json: cannot read the audit (No such file"),
        (["--audit", "plan.json", "-o", "plan.html"], 1, 'plan.json: schema: "planner-plan/2": not an audit'),
    ],
)
def test_bad_audit_options_are_one_line(
    run_cli: RunCli, audited: Path, args: list[str], code: int, message: str
) -> None:
    done = run_cli("render", "plan.json", *args, cwd=audited)
    assert done.returncode == code
    assert done.stderr.startswith(f"planner: error: {message}")
    assert done.stderr.count("\n") == 1
    assert not (audited / "plan.html").exists()


@pytest.mark.slow
def test_a_real_audit_of_the_webshop_renders_into_its_page(tmp_path: Path) -> None:
    """planner plan and planner audit --mutants 1 on a copy of examples/webshop (about 35 s), then the page."""
    project = tmp_path / "webshop"
    shutil.copytree(ROOT / "examples" / "webshop", project, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env = {**os.environ, "NO_COLOR": "1", "PLANNER_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYTHONPATH", None)  # the checkout's tests package would shadow the project's

    def planner(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "planner", *args], cwd=project, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr

    planner("plan", "--tests", "tests", "-o", "plan.json")
    planner("audit", "plan.json", "--mutants", "1", "-f", "json", "-o", "audit.json")
    assert (project / "audit.json").read_text(encoding="utf-8") == (ASSETS / "webshop-mutants.json").read_text(
        encoding="utf-8"
    )
    planner("render", "plan.json", "--audit", "audit.json", "-o", "plan.html")
    page = _read(project / "plan.html")
    assert "Localised: 9 of 10 killed mutants (90 %); 1 of 11 survived." in "".join(page.text)
    assert page.blind_rows == ["shop.cache blind spot"]
