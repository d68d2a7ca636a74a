"""The code that runs inside the user's pytest, all of it in this one package.

- :mod:`planner.plugin.entry`: the pytest plugin ``planner`` (the ``pytest11``
  entry point; ``-p no:planner`` turns it off), opt-in through ``--plan``;
- :mod:`planner.plugin.pytest_step`, :mod:`planner.plugin.pytest_session`,
  :mod:`planner.plugin.pytest_doubles`: what its options do, each loaded only
  when asked for;
- :mod:`planner.plugin.harness`: what planner's own pytest subprocesses load
  (``-p planner.plugin.harness``) to collect, measure and report.

Importing this package imports nothing: the plugin must cost nothing when its
options are not given.
"""
