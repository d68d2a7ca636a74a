"""``pytest --plan PLAN --plan-step K --doubles DIR`` on the web shop, with pytester.

Each test copies ``examples/webshop`` into pytester's directory, plans it, writes its
doubles with ``planner doubles`` (the library), and runs the shop's own tests of a
step (plus tests written for the step) in a pytest subprocess.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

# pytester puts sys.modules back as it found them after each test: the modules the API loads
# lazily are loaded here, before its snapshot, or a second test would make a Plan of one
# import of planner.model and check it against the class of another.
import planner.usecases.doubles
import planner.usecases.plan
import planner.usecases.plans  # noqa: F401
from planner import api
from planner.doubles import runtime
from tests.conftest import NO_HYPOTHESIS, ROOT

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture
def shop(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The web shop, copied where pytester runs (planner importable there)."""
    for item in (ROOT / "examples" / "webshop").iterdir():
        target = pytester.path / item.name
        if item.is_dir():
            shutil.copytree(item, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(item, target)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    return pytester.path


def doubles(shop: Path, strategy: str) -> tuple[Path, Path]:
    """Plan the shop copy with ``strategy`` and write its doubles; (plan file, doubles dir)."""
    plan = api.make_plan(shop, strategy=strategy)
    plan_file = shop / f"{strategy}.json"
    api.write_plan(plan, plan_file)
    out = shop / f"doubles-{strategy}"
    api.write_doubles(api.make_doubles(plan, command="planner doubles (test)"), out)
    return plan_file, out


def run(pytester: pytest.Pytester, plan: Path, step: int, out: Path, *args: str) -> pytest.RunResult:
    options = [
        *NO_HYPOTHESIS,
        "-p",
        "no:planner",
        "-p",
        "planner.plugin.entry",
        "--plan",
        str(plan),
        "--plan-step",
        str(step),
        "--doubles",
        str(out),
    ]
    return pytester.runpytest_subprocess(*options, "-ra", *args)


def test_a_step_runs_its_tests_and_its_drivers(shop: Path, pytester: pytest.Pytester) -> None:
    plan, out = doubles(shop, "bottom-up")
    result = run(pytester, plan, 3, out, "tests/test_config.py", "tests/test_money.py", "-v")
    result.assert_outcomes(passed=17, skipped=4)
    result.stdout.fnmatch_lines(
        [
            "planner doubles: step 3 from *: stubs none; drivers shop.config (for shop.app, shop.cache, shop.db, "
            "shop.payments), shop.money (for shop.models, shop.payments)",
            "*test_driver_shop_config.py::test_calls_from_shop_db PASSED*",
            "*test_driver_shop_money.py::test_calls_from_shop_models PASSED*",
            "*test_driver_shop_money.py::test_Money_zero SKIPPED*",
            "planner doubles: 4 driver test(s) of step 3 still to complete (reported as skipped)",
            "SKIPPED ?1? *test_driver_shop_money.py:*: driver to complete: exercise shop.money.Money.zero the way*",
        ]
    )
    assert "test_driver_shop_cache" not in result.stdout.str()  # not in force at step 3


STUBBED_STEP = """
import pytest

from shop import cache, db


def test_the_db_is_its_stub():
    assert db.__planner_stub__.endswith("src/shop/db.py")


def test_a_miss_reads_the_stubbed_db(planner_stubs):
    planner_stubs.configure("shop.db.fetch", return_value="v")
    assert cache.get("t", "k") == "v"
    planner_stubs.mock("shop.db.fetch").assert_called_once_with("t", "k", cached=False)
    assert planner_stubs.units == ("shop.db",) and planner_stubs.step == 4


def test_configurations_do_not_leak_into_the_next_test():
    with pytest.raises(BaseException, match="has no return_value or side_effect"):
        cache.get("t", "other")
"""


def test_the_stubs_of_the_step_stand_in_for_the_real_modules(shop: Path, pytester: pytest.Pytester) -> None:
    plan, out = doubles(shop, "bottom-up")
    pytester.makepyfile(**{"tests/test_step4": STUBBED_STEP})
    result = run(pytester, plan, 4, out, "tests/test_step4.py", "tests/test_cache.py", "-p", "no:randomly")
    result.assert_outcomes(passed=10, failed=2, skipped=6)
    result.stdout.fnmatch_lines(
        [
            "*test_a_miss_loads_from_the_db_and_a_hit_does_not*",
            ">       record = db.fetch(table, key, cached=False)",
            "E       planner.doubles.runtime.NotConfigured: shop.db.fetch('t', 'k', cached=False) was called, "
            "but the stub of shop.db (in force at step 4) has no return_value or side_effect for shop.db.fetch; "
            "configure it first, e.g. planner_stubs.configure('shop.db.fetch', return_value=...)",
        ]
    )
    assert "unittest/mock.py" not in result.stdout.str()  # the failure is shown from the test's side


TOP_DOWN_STEP = """
import json

from shop.app import main


def test_main_prints_what_the_router_answers(planner_stubs, capsys):
    planner_stubs.configure("shop.web.handle", return_value=(200, {"ok": True}))
    planner_stubs.configure("shop.config.get", side_effect=lambda key, default=None: "webshop")
    assert main(["get", "/x"]) == 0
    assert json.loads(capsys.readouterr().out) == {"body": {"ok": True}, "status": 200}
    planner_stubs.mock("shop.web.handle").assert_called_once_with("GET", "/x", None)
"""


def test_a_top_down_step_is_tested_through_its_stubs(shop: Path, pytester: pytest.Pytester) -> None:
    plan, out = doubles(shop, "top-down")
    pytester.makepyfile(**{"tests/test_step2": TOP_DOWN_STEP})
    result = run(pytester, plan, 2, out, "tests/test_step2.py")
    result.assert_outcomes(passed=1)


def test_the_import_hook_is_undone_after_the_session(shop: Path, pytester: pytest.Pytester) -> None:
    plan, out = doubles(shop, "bottom-up")
    pytester.makepyfile(**{"tests/test_step4": STUBBED_STEP})
    before = list(sys.meta_path)
    options = [
        *NO_HYPOTHESIS,
        "-p",
        "no:planner",
        "-p",
        "planner.plugin.entry",
        "--plan",
        str(plan),
        "--plan-step",
        "4",
        "--doubles",
        str(out),
    ]
    result = pytester.runpytest_inprocess(*options, "tests/test_step4.py")
    result.assert_outcomes(passed=9, skipped=6)
    assert sys.meta_path == before
    assert runtime.step() is None
    assert not runtime._FUNCTIONS  # the session's stubs are forgotten with it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan-step", "3"], "ERROR: --doubles=DIR needs --plan=PLAN and --plan-step=K"),
        (["--plan", "PLAN"], "ERROR: --doubles=DIR needs --plan=PLAN and --plan-step=K"),
        (["--plan", "PLAN", "--plan-step", "13"], "ERROR: --plan-step 13: the plan has steps 1 to 12"),
        (
            ["--plan", "OTHER", "--plan-step", "1"],
            "ERROR: *: its doubles were made from another plan (bottom-up of *)*",
        ),
    ],
)
def test_usage_errors(shop: Path, pytester: pytest.Pytester, args: list[str], message: str) -> None:
    plan, out = doubles(shop, "bottom-up")
    other = shop / "other.json"
    api.write_plan(api.make_plan(shop, strategy="top-down"), other)
    args = [{"PLAN": str(plan), "OTHER": str(other)}.get(a, a) for a in args]
    result = pytester.runpytest_subprocess(
        *NO_HYPOTHESIS, "-p", "no:planner", "-p", "planner.plugin.entry", "--doubles", str(out), *args
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


@pytest.mark.parametrize(
    ("strategy", "module", "old", "new", "step", "failing", "site"),
    [
        (
            "bottom-up",
            "catalog.py",
            "def list_products(*, in_stock: bool = False, max_price",
            "def list_products(*, max_price",
            8,
            "test_driver_shop_catalog.py::test_calls_from_shop_web",
            'E  *src/shop/web.py:32: list_products(in_stock=query.get("in_stock") == "1"): '
            "got an unexpected keyword argument 'in_stock' (calling shop.catalog.list_products(*, max_price*)",
        ),
        (
            # top-down needs a driver only in the cycle shop.cache <-> shop.db, integrated
            # dependencies first (cache, then db at step 9): the driver of shop.cache plays db.
            "top-down",
            "cache.py",
            "def put(table: str, key: str, record: Any) -> None:",
            "def put(table: str, record: Any) -> None:",
            3,
            "test_driver_shop_cache.py::test_calls_from_shop_db",
            "E  *src/shop/db.py:39: cache.put(table, key, record): too many positional arguments "
            "(calling shop.cache.put(table: 'str', record: 'Any')*",
        ),
    ],
)
def test_a_signature_change_fails_the_driver_of_the_step_that_integrates_it(
    shop: Path,
    pytester: pytest.Pytester,
    strategy: str,
    module: str,
    old: str,
    new: str,
    step: int,
    failing: str,
    site: str,
) -> None:
    source = shop / "src" / "shop" / module
    text = source.read_text()
    assert old in text
    source.write_text(text.replace(old, new))
    plan, out = doubles(shop, strategy)
    result = run(pytester, plan, step, out, str(out / "drivers"))  # the drivers alone
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines(["E  *AssertionError: 1 interface problem(s) with shop.*", site, f"FAILED *{failing}*"])


FIXTURE_STEP = """
import pytest

from shop import cache


@pytest.fixture
def warm():
    return cache.get("t", "k")  # the stub of shop.db, unconfigured: fails in the fixture


def test_uses_a_failing_fixture(warm):
    pass


def test_after_it_pytest_still_works(planner_stubs):
    planner_stubs.configure("shop.db.fetch", return_value="v")
    assert cache.get("t", "k2") == "v"
"""


def test_a_stub_failing_in_a_fixture_is_an_error_of_that_test_only(shop: Path, pytester: pytest.Pytester) -> None:
    plan, out = doubles(shop, "bottom-up")
    pytester.makepyfile(**{"tests/test_fixture4": FIXTURE_STEP})
    result = run(pytester, plan, 4, out, "tests/test_fixture4.py", "-p", "no:randomly")
    result.assert_outcomes(passed=7, errors=1, skipped=6)
    result.stdout.fnmatch_lines(
        ["E       planner.doubles.runtime.NotConfigured: shop.db.fetch('t', 'k', cached=False)*"]
    )
    text = result.stdout.str()
    assert "_pytest/" not in text and "pluggy/" not in text and "unittest/mock.py" not in text
    assert len(text.splitlines()) < 80


DERIVED_STEP = """
from shop import db
from shop.db import fetch


def test_the_stub_is_the_real_module_with_its_behaviour_replaced(planner_stubs):
    assert db.__planner_derived__ and fetch is db.fetch
    assert isinstance(db.ReadOnlyError("x"), RuntimeError)  # classes and data stay real
    planner_stubs.configure("shop.db.fetch", return_value=1)
    assert fetch("t") == 1
"""


def test_a_stub_is_derived_from_the_real_module_where_it_imports(shop: Path, pytester: pytest.Pytester) -> None:
    plan, out = doubles(shop, "bottom-up")
    pytester.makepyfile(**{"tests/test_derived4": DERIVED_STEP})
    result = run(pytester, plan, 4, out, "tests/test_derived4.py", "-p", "no:randomly")
    result.assert_outcomes(passed=7, skipped=6)


def test_where_the_real_module_cannot_import_its_mirror_stands_in(shop: Path, pytester: pytest.Pytester) -> None:
    db = shop / "src" / "shop" / "db.py"
    # the real module fails on this machine (it needs a module of another platform)
    future = "from __future__ import annotations\n"
    db.write_text(db.read_text(encoding="utf-8").replace(future, future + "import no_such_platform_module\n", 1))
    plan, out = doubles(shop, "bottom-up")
    pytester.makepyfile(**{"tests/test_mirror4": STUBBED_STEP})
    result = run(pytester, plan, 4, out, "tests/test_mirror4.py", "-p", "no:randomly")
    result.assert_outcomes(passed=9, skipped=6)  # the STUBBED_STEP tests hold against the mirror
    result.stdout.fnmatch_lines(
        ["planner doubles: shop.db could not be imported (ModuleNotFoundError: *): its mirrored stub stood in"]
    )


def test_a_stale_double_is_refused(shop: Path, pytester: pytest.Pytester) -> None:
    plan, out = doubles(shop, "bottom-up")
    db = shop / "src" / "shop" / "db.py"
    text = db.read_text(encoding="utf-8")
    # shop.db calls shop.cache, driven at step 4 for it: the driver's call sites are stale now
    db.write_text(text + "\n\ndef added(x):\n    return x\n", encoding="utf-8")
    result = run(pytester, plan, 4, out, "tests/test_cache.py")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: *test_driver_shop_cache.py: stale: its call sites were read from shop.db (*db.py), which changed*"]
    )
    # a mirrored stub made before its module changed is never used
    future = "from __future__ import annotations\n"
    db.write_text(text.replace(future, future + "import no_such_platform_module\n", 1), encoding="utf-8")
    pytester.makepyfile(**{"tests/test_stale4": STUBBED_STEP})
    result = run(pytester, plan, 5, out, "tests/test_stale4.py", "-p", "no:randomly")
    result.stderr.fnmatch_lines(["E   ImportError: shop.db cannot be imported here (*), and its mirrored stub *"])
    assert result.ret != 0


def test_a_manifest_of_an_older_format_is_refused(shop: Path, pytester: pytest.Pytester) -> None:
    """A planner-doubles/1 manifest has no source digests: its doubles cannot be told stale."""
    plan, out = doubles(shop, "bottom-up")
    manifest = out / "manifest.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('"planner-doubles/2"', '"planner-doubles/1"'), encoding="utf-8"
    )
    result = run(pytester, plan, 4, out, "tests/test_cache.py")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR:")]
    assert errors == [
        f"ERROR: {manifest}: written by an older planner doubles (planner-doubles/1, without the digests that "
        f"tell a stale double); write them again: planner doubles PLAN -o {out} --force"
    ]
    assert "Traceback" not in result.stderr.str()
