"""The scanner options are declared once: the option table and the value they fill agree."""

from __future__ import annotations

from dataclasses import fields

from planner.cli._scan_flags import _OPTIONS, ScanFlags


def test_every_scanner_option_fills_its_field_in_order() -> None:
    assert list(_OPTIONS) == [f.name for f in fields(ScanFlags)]
