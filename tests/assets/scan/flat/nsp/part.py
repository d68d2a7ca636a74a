from nsp import other
from . import other as again
