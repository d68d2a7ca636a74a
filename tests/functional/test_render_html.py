"""The HTML page of a plan, opened in a real headless Chromium from a file on disk.

The browser is Debian's ``chromium`` (installed by ``.ci/run``), driven by
Playwright's Python package; Playwright's own browser downloads are not used.
Without Graphviz, Playwright or Chromium the tests skip and say which is missing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from planner import api
from planner.render import palette
from planner.render.html import POLICY
from tests.conftest import RunCli

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed (apt-get install graphviz)"
)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on PATH (apt-get install chromium): the page cannot be opened in a browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
    )
    executable = _chromium()
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _Page:
    """A page opened from disk, with every request, console error and dialog recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dismiss)
        self.page.goto(path.resolve().as_uri())

    def _dismiss(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shown(self) -> int:
        """The step on screen: the one caption shown, and the body's mark, agree on it."""
        caption = self.page.locator("#picture .caption:visible")
        assert caption.count() == 1
        assert caption.get_attribute("data-step") == self.page.get_attribute("body", "data-step")
        return int(caption.get_attribute("data-step"))

    def picture(self) -> str:
        return str(self.page.inner_html("#picture svg"))

    def drawn(self, kind: str) -> list[str]:
        """The text of the ``kind`` nodes the browser draws (not hidden by the step's style)."""
        script = """(kind) => Array.from(document.querySelectorAll("#picture g.node." + kind))
            .filter(g => getComputedStyle(g).visibility !== "hidden")
            .map(g => Array.from(g.querySelectorAll("text")).map(t => t.textContent).join(" "))"""
        return sorted(self.page.evaluate(script, kind))

    def look(self, selector: str) -> dict[str, str]:
        script = """(selector) => { const s = getComputedStyle(document.querySelector(selector));
            return {fill: s.fill, stroke: s.stroke, width: s.strokeWidth}; }"""
        return dict(self.page.evaluate(script, selector))


def _rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


def _render(run_cli: RunCli, tmp_path: Path, *args: str) -> Path:
    output = tmp_path / "plan.html"
    run_cli("render", *args, "-o", output, check=True)
    return output


def test_the_page_shows_every_step_and_stepping_changes_the_picture(
    run_cli: RunCli, tmp_path: Path, browser: Any
) -> None:
    plan = api.make_plan("graphs/shop.dot", strategy="bottom-up")
    view = _Page(browser, _render(run_cli, tmp_path, "graphs/shop.dot", "-s", "bottom-up"))
    page = view.page
    n = len(plan.steps)

    assert view.shown() == 0
    assert len(view.drawn("unit")) == 12 and view.drawn("stub") == view.drawn("driver") == []
    box = page.locator("#picture svg").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300

    before = view.picture()
    page.click("#next")
    assert view.shown() == 1
    assert view.picture() != before
    assert page.inner_text("#position") == f"Step 1 of {n}"
    assert page.locator("#steps tr.current").get_attribute("data-step") == "1"

    for step in plan.steps:
        # Each step's picture: its units drawn thick in their wave's colour, its doubles drawn, the rest faded.
        if step.index > 1:
            shown_before = view.picture()
            page.keyboard.press("ArrowRight")
            assert view.shown() == step.index
            assert view.picture() != shown_before
        assert view.drawn("current") == [f"{step.index}. {u} wave {step.wave}" for u in step.units]
        look = view.look("#picture g.node.current > path")
        assert look["fill"] == _rgb(palette.wave_colour(step.wave)) and look["width"] == "3px"
        assert view.drawn("stub") == sorted(f"stub for {s.unit}" for s in step.stubs)
        assert view.drawn("driver") == sorted(f"driver for {d.unit}" for d in step.drivers)
        assert len(view.drawn("pending")) == sum(len(s.units) for s in plan.steps[step.index :])
        if step.index < n:
            assert view.look("#picture g.node.pending > path")["fill"] == "rgb(255, 255, 255)"

    assert page.locator("#next").is_disabled()
    page.keyboard.press("ArrowRight")
    assert view.shown() == n
    page.keyboard.press("ArrowLeft")
    assert view.shown() == n - 1
    page.locator("#steps tr[data-step='4']").click()
    assert view.shown() == 4
    assert view.drawn("stub") == ["stub for shop.db"]
    page.keyboard.press("Home")
    assert view.shown() == 0
    assert view.picture() == before

    assert view.errors == [] and view.dialogs == []
    assert all(url.startswith("file://") for url in view.requests), view.requests


def test_without_scripts_the_page_shows_the_step_it_opens_at(run_cli: RunCli, tmp_path: Path, browser: Any) -> None:
    page = browser.new_page(java_script_enabled=False)
    page.goto(_render(run_cli, tmp_path, "graphs/shop.dot", "-s", "top-down", "--step", "3").resolve().as_uri())
    texts = page.evaluate(
        """() => Array.from(document.querySelectorAll("#picture g.node.stub"))
        .filter(g => getComputedStyle(g).visibility !== "hidden").map(g => g.textContent.trim())"""
    )
    plan = api.make_plan("graphs/shop.dot", strategy="top-down")
    assert len(texts) == len(plan.steps[2].stubs)
    assert page.locator("#picture .caption:visible").get_attribute("data-step") == "3"


def test_the_page_compares_every_strategy_and_opens_at_the_step_asked(
    run_cli: RunCli, tmp_path: Path, browser: Any
) -> None:
    view = _Page(browser, _render(run_cli, tmp_path, "graphs/classes.dot", "-s", "sandwich", "--step", "3"))
    assert view.shown() == 3
    rows = view.page.locator("#metrics tbody tr").all_inner_texts()
    assert [row.split("\t")[0] for row in rows] == [
        "top-down (breadth-first)",
        "top-down (depth-first)",
        "bottom-up",
        "sandwich (layer 4) (this plan)",
        "big-bang",
    ]


def test_names_that_look_like_markup_stay_text(run_cli: RunCli, tmp_path: Path, browser: Any) -> None:
    names = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", 'a"b&c', "plain"]
    edges = [(names[0], names[1]), (names[1], names[2]), (names[2], names[3]), (names[3], names[1])]
    source = tmp_path / "nasty.json"
    nodes = [{"id": name} for name in names]
    source.write_text(json.dumps({"nodes": nodes, "edges": [{"source": u, "target": v} for u, v in edges]}))
    view = _Page(browser, _render(run_cli, tmp_path, str(source), "-s", "top-down"))
    assert view.dialogs == [] and view.errors == []
    table = view.page.inner_text("#steps tbody")
    for name in names:
        assert name in table
    assert view.page.locator("img").count() == 0


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.policy = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("src", "href", "xlink:href", "action"):
            if values.get(key):
                self.links.append(f"{tag} {key}={values[key]}")
        if values.get("http-equiv") == "Content-Security-Policy":
            self.policy = values.get("content") or ""


def test_the_page_refers_to_nothing_outside_itself(run_cli: RunCli, tmp_path: Path) -> None:
    parser = _Links()
    parser.feed(_render(run_cli, tmp_path, "graphs/shop.dot", "-s", "top-down").read_text(encoding="utf-8"))
    assert parser.links == []
    assert parser.policy == POLICY and "default-src 'none'" in POLICY


def test_the_search_box_outlines_the_units_found_and_enter_goes_to_their_step(
    run_cli: RunCli, tmp_path: Path, browser: Any
) -> None:
    plan = api.make_plan("graphs/shop.dot", strategy="bottom-up")
    view = _Page(browser, _render(run_cli, tmp_path, "graphs/shop.dot", "-s", "bottom-up"))
    page = view.page
    page.fill("#search", "shop.db")
    outlined = page.evaluate(
        """() => Array.from(document.querySelectorAll("#picture g.node.match")).map(g => g.textContent.trim())"""
    )
    assert [text.split()[1] for text in outlined] == ["shop.db"]
    assert page.inner_text("#found") == "1 unit matches (outlined in the picture)"
    assert view.look("#picture g.node.match > path")["width"] == "5px"
    page.keyboard.press("ArrowRight")  # typing in the box: the arrow keys do not step
    assert view.shown() == 0
    page.keyboard.press("Enter")
    (step,) = [s.index for s in plan.steps if "shop.db" in s.units]
    assert view.shown() == step
    assert page.locator("#picture g.node.match").count() == 1  # the outline stays while stepping
    assert [r.get_attribute("data-step") for r in page.locator("#steps tr.match").all()] == [str(step)]
    page.fill("#search", "")
    assert page.locator("#picture g.node.match").count() == 0 and page.inner_text("#found") == ""
    page.fill("#search", "nothing-like-this")
    assert page.inner_text("#found") == "no unit matches"
    assert view.errors == []


def test_each_step_lists_its_tests(run_cli: RunCli, tmp_path: Path, browser: Any, planned_webshop: Path) -> None:
    plan_file = planned_webshop / "plan.json"  # the webshop planned with its tests, once per session
    plan = json.loads(plan_file.read_text())
    view = _Page(browser, _render(run_cli, tmp_path, str(plan_file)))
    page = view.page
    for step in plan["steps"]:
        row = page.locator(f"#steps tr[data-step='{step['index']}']")
        listed = row.locator("details.tests li").all_text_contents()
        assert listed == step["tests"]
        assert row.locator("td").nth(5).inner_text().split("\n")[0] == str(len(step["tests"]))
    busiest = max(plan["steps"], key=lambda s: len(s["tests"]))
    row = page.locator(f"#steps tr[data-step='{busiest['index']}']")
    assert row.locator("details.tests li").first.is_hidden()
    row.locator("details.tests summary").click()  # opens the list (and shows the step)
    assert row.locator("details.tests li").first.is_visible()
    assert view.shown() == busiest["index"]


def test_a_plan_of_many_units_shows_packages_that_open_to_their_units(
    run_cli: RunCli, tmp_path: Path, browser: Any
) -> None:
    view = _Page(browser, _render(run_cli, tmp_path, "tests/assets/render/packages.json", "-s", "bottom-up"))
    page = view.page
    groups = page.locator("#picture g.node.group")
    assert 1 < groups.count() <= 30
    assert page.locator("#picture g.node.unit").count() == 0
    assert "collapsed to" in view.picture()
    boxes = page.locator("#packages details")
    assert boxes.count() == groups.count()
    assert sum(len(d.locator("li").all()) for d in boxes.all()) == 60
    first = page.locator('#packages details[data-node="n0"]')
    assert not first.get_attribute("open")
    page.locator("#n0").click()
    assert first.get_attribute("open") is not None
    # the search box finds a unit inside a package, and outlines the package's box
    unit = first.locator("li code").first.inner_text()
    page.fill("#search", unit)
    assert page.locator("#picture g.node.match").count() >= 1
    assert page.locator("#packages li.match").count() >= 1
    assert view.errors == []


def test_the_audit_section_in_the_browser_goes_to_a_units_step(run_cli: RunCli, tmp_path: Path, browser: Any) -> None:
    """A click on a unit's row of the audit table shows its step, whose caption gives its localisation."""
    assets = Path(__file__).parents[1] / "assets" / "audit"
    output = tmp_path / "plan.html"
    args = ("--audit", assets / "webshop-mutants.json", "--audit", assets / "webshop-interfaces.json")
    run_cli("render", assets / "webshop-plan.json", *args, "-o", output, check=True)
    view = _Page(browser, output)
    page = view.page
    assert view.shown() == 0
    page.click("#audit-1 tr.blind")
    assert view.shown() == 4
    caption = page.inner_text("#picture .caption:visible")
    assert "Audit: shop.cache: 0 of 1 mutant localised here, 1 survived: a blind spot" in caption
    assert page.evaluate("getComputedStyle(document.querySelector('#audit-1 tr.blind td')).backgroundColor") == (
        "rgb(255, 224, 224)"
    )
    assert view.errors == [] and view.dialogs == []
    assert all(url.startswith("file:") for url in view.requests)
