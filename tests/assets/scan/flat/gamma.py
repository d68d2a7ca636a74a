import os.path

import requests
from yaml import safe_load

from alpha.core import *

requests.get(os.path.sep, safe_load)
