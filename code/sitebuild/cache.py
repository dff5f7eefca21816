"""Content-keyed caching and atomic writes, with the standard library only.

A warm build must answer "is everything up to date?" without importing torch
(which alone takes longer than the two seconds a warm build may take), so the
key is made from file contents, the configuration and the installed versions
as ``importlib.metadata`` reports them.
"""

import contextlib
import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import IO

__all__ = [
    "MANIFEST",
    "atomic_write",
    "cache_key",
    "read_manifest",
    "write_manifest",
    "write_text",
]

MANIFEST = ".manifest.json"


def cache_key(
    sources: Iterable[Path], settings: Mapping[str, object], packages: Iterable[str]
) -> str:
    """SHA-256 over the sources' contents, the settings and the packages' installed versions."""
    digest = hashlib.sha256()
    for path in sorted(sources):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    versions = {name: metadata.version(name) for name in sorted(packages)}
    versions["python"] = platform.python_version()
    digest.update(json.dumps({"settings": settings, "versions": versions}, sort_keys=True).encode())
    return digest.hexdigest()


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it onto ``path`` only if the block succeeds.

    An interrupted write leaves the previous ``path`` untouched and no temporary file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, mode) as file:
            yield file
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def read_manifest(out_dir: Path) -> dict:
    """The keys and outputs of the last complete build, or ``{}``."""
    try:
        return json.loads((out_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def write_manifest(out_dir: Path, manifest: Mapping[str, object]) -> None:
    """Record a complete build; written last, so an interrupted build is never taken as complete."""
    with atomic_write(out_dir / MANIFEST) as file:
        json.dump(manifest, file, indent=2, sort_keys=True)


def write_text(path: Path, text: str) -> int:
    """Write ``text`` to ``path`` atomically; return its size in bytes."""
    with atomic_write(path) as file:
        file.write(text)
    return path.stat().st_size
