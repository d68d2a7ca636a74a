"""How well a plan finds defects: ``planner audit`` (see ``docs/audit.md``).

* :mod:`planner.audit.mutants`: first-order mutants of a module, seeded;
* :mod:`planner.audit.blame`: where a run stops, and whether that step names the unit;
* :mod:`planner.audit.localise`: mutants of every unit run in scratch copies of the project;
* :mod:`planner.audit.history`: the change-aware plans of past commits replayed;
* :mod:`planner.audit.text`: the reports as tables, Markdown and JSON.
"""

from planner.audit.localise import AuditRequest, Listener, audit, default_workers
from planner.audit.model import FATES, AuditReport, Fate, MutantResult, UnitSummary

__all__ = [
    "FATES",
    "AuditReport",
    "AuditRequest",
    "Fate",
    "Listener",
    "MutantResult",
    "UnitSummary",
    "audit",
    "default_workers",
]
