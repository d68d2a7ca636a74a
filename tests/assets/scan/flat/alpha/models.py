class Model:
    pass


def make():
    return Model()
