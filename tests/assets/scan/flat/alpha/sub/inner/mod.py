from ...core import run
from .. import helpers
from . import sibling
from .sibling import thing as other

print(helpers.VALUE, run, sibling, other)


def go():
    return other
