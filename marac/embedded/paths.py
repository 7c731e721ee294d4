"""Where the embedded servers keep their data and their sockets."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_VAR_DIR = BASE_DIR / "var"
# Unix socket paths are limited to about 107 bytes; a deep checkout falls back
# to a short directory under /tmp derived from the data path.
_MAX_SOCKET_DIR = 80


def socket_dir_for(preferred: Path) -> Path:
    """Where a server's socket goes: ``preferred``, or a short directory under the
    temporary directory when ``preferred`` is too long for a Unix socket path."""
    if len(str(preferred)) <= _MAX_SOCKET_DIR:
        return preferred
    digest = hashlib.sha256(str(preferred).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"marac-{digest}"
