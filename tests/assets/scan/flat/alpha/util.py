import alpha.core as ac
from alpha import core, run
from alpha import Model


def helper():
    return ac.run(), core.run(), Model
