"""The package wins over delta.py."""
