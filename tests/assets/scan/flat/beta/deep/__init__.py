import importlib

leaf = importlib.import_module(".leaf", __package__)
root = __import__("alpha")
