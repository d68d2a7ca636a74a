"""Test doubles as Python code: stub modules and drivers for each step of a plan.

``planner doubles PLAN -o DIR`` (:func:`planner.api.make_doubles`) reads the real
modules of the planned tree with :mod:`ast` (never importing them) and writes:

- ``DIR/stubs/``: a stub module for each unit stubbed at some step, importable
  under the real name without the real module, for the steps where the real module
  cannot be imported (elsewhere the stub is derived from the real module at run
  time, :mod:`planner.doubles.derive`); every function and method is a
  :mod:`unittest.mock` function with the real signature that fails loudly until
  a test configures it (:mod:`planner.doubles.stubs`, :mod:`~planner.doubles.classes`);
- ``DIR/drivers/``: a pytest module for each driven unit, checking its missing
  callers' names and call sites against its real signatures, with skeleton
  tests to complete (:mod:`planner.doubles.drivers`, :mod:`~planner.doubles.calls`);
- ``DIR/manifest.json``: the stubs and drivers in force at each step
  (:mod:`planner.doubles.generate`), which ``pytest --plan=PLAN --plan-step=K
  --doubles DIR`` puts in place (:mod:`planner.plugin.pytest_doubles`).

The generated code imports :mod:`planner.doubles.runtime`, which imports only the
standard library; this package's ``__init__`` imports nothing, so that a stub
stays cheap to import. See ``docs/doubles.md``.
"""

from __future__ import annotations

__all__: list[str] = []
