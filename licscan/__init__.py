__version__="0.1.0"

# dataclasses' generated methods compiled once per Python build (dataclass_code.py): before any licscan class is made
from .dataclass_code import install as _install_dataclass_code  # noqa: E402

_install_dataclass_code()
