"""The use cases of planner, one module each, each a short run of named steps.

:mod:`planner.api` re-exports them (it is the public Python API and what the command
line calls); they return values and never print. A use case takes the value objects
that exist (:class:`~planner.model.Options`, :class:`~planner.loaders.scan.ScanOptions`,
:class:`~planner.change.plan.ChangeRequest`, :class:`~planner.ci.CiOptions`, ...) rather
than flattening them into keywords; the keyword forms of the public API
(``make_plan(source, strategy=..., cycles=...)``) build those values and hand off.

Nothing is imported here: ``import planner.api`` stays cheap (networkx, pydot and rich
load with the use case that needs them).

=============  ===========================================================
module         use case
=============  ===========================================================
``graphs``     load a graph file or scan a source tree; the graph a plan names
``plans``      read, write and recognise plan files
``plan``       plan a graph (with tests, with a change)
``compare``    every strategy side by side
``pareto``     every best trade-off between two cycle-breaking objectives
``draw``       pictures and pages of a graph or a plan
``doubles``    stubs and drivers as code
``ci``         pipeline files
``export``     import-linter and tach contracts
``audit``      mutants, interfaces and history of a plan
``run``        the blame of a run's failing steps
``select``     the tests of a step
=============  ===========================================================
"""
