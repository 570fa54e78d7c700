"""Whether a trained model can be loaded: `python scripts/check_model.py PATH`.

Exit 0 when PATH is a whole Rasa model archive (every member readable, its checksums right, and
its metadata.json there); else 1 with the reason on one line. Rasa itself, given a broken archive,
logs an error and serves on without a model, so every message would fail: `make serve` checks
first, and retrains a model that fails this check instead of starting on it."""

from __future__ import annotations

import gzip
import json
import sys
import tarfile
import zlib
from pathlib import Path

METADATA = "metadata.json"


def problem(path: Path) -> str | None:
    """Why the model at `path` cannot be loaded, or None."""
    if not path.is_file():
        return f"there is no model at {path}"
    try:
        # The whole stream first: gzip checks its checksum only at the end, and tarfile stops
        # quietly at the first member header it cannot read.
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
        with tarfile.open(path, "r:gz") as archive:
            names = set()
            for member in archive:
                names.add(member.name.lstrip("/"))
                if member.isfile():
                    extracted = archive.extractfile(member)
                    content = extracted.read() if extracted else b""
                    if member.name.lstrip("/") == METADATA:
                        json.loads(content)
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
        return f"{path} is damaged ({type(error).__name__}: {error})"
    if METADATA not in names:
        return f"{path} is not a Rasa model (no {METADATA})"
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_model.py PATH", file=sys.stderr)
        return 2
    found = problem(Path(argv[0]))
    if found:
        print(found, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
