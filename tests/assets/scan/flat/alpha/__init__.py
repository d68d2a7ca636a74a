"""Re-exports."""
from .core import run
from . import util
from .models import *
