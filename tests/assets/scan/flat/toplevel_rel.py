from . import gamma
