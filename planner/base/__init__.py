"""The foundations every layer may use: files, node ids, JSON text, the paused collector, wording.

- :mod:`planner.base.files`: writing output files whole or not at all, never
  over a file without ``force``;
- :mod:`planner.base.nodeids`: pytest node ids from a plan file, checked before
  they reach pytest;
- :mod:`planner.base.jsontext`: reading JSON text a user gave, with integers bounded;
- :mod:`planner.base.gcpause`: the cyclic garbage collector paused around work
  that builds large acyclic structures;
- :mod:`planner.base.wording`: how numbers are worded for people.

They import none of each other, and nothing of planner's above
:mod:`planner.errors`. Importing this package imports nothing.
"""
