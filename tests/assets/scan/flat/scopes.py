import sys
from typing import TYPE_CHECKING

if sys.version_info >= (3, 8):
    import alpha.models

if TYPE_CHECKING:
    from beta import Thing
else:
    import gamma

try:
    import beta.deep
except ImportError:
    beta = None


class Holder:
    from alpha.sub import helpers


def later():
    from alpha.sub.inner import mod

    return mod.go()


def dynamic():
    import importlib

    return importlib.import_module("beta.deep.leaf")


def annotated(thing: "Thing") -> None:
    print(gamma, thing)
