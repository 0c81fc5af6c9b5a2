"""The corpus's own configuration files, TOML both: `aliases.toml` (short names for people)
and `searchkit.toml` (layouts of correspondence searchkit does not know)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

from .errors import ConfigFileError


def read_toml(path: Path) -> dict[str, Any] | None:
    """The file's table, None when there is no such file; a file that is not valid TOML
    raises ConfigFileError naming the file and the line."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigFileError(f"{path}: not valid TOML ({error})") from None
