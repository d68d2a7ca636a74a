import beta.deep.leaf
import alpha.core


def run():
    return beta.deep.leaf.value()
