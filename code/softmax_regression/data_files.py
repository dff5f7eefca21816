"""Finding, verifying and caching the four original Fashion-MNIST files.

The files are looked for in this order, and the first source that is given or
found is used:

1. an explicit directory (``data_dir``, the CLI's ``--data-dir``);
2. the environment variable ``FASHION_MNIST_DIR``;
3. the project's cache (``data/`` in a source checkout);
4. Debian's package ``dataset-fashion-mnist``, in
   ``/usr/share/datasets/fashion-mnist``;
5. torchvision's download, on a machine with internet.

A directory may hold the files in torchvision's layout (``FashionMNIST/raw/``)
or directly, decompressed or as ``.gz``. Every decompressed file is checked
against its size and SHA-256. Files are copied into the cache through a
temporary file that is renamed into place only once verified, so the cache
never holds a half-written or corrupt file.

Hashing the 55 MB of the files is most of the time a load takes, so the cache
keeps a stamp (``.verified.json`` beside the files): for each file, its size,
modification time, change time and inode when it last passed the full check.
A cached file whose four values still match is not hashed again; any other is
hashed again, and a bad one is removed. Writing to a file, replacing it or
setting its modification time back all change its change time, which cannot
be set back short of setting the clock back; so the stamp misses only damage
that bypasses the file system, such as a failing disk. Files outside the
cache are hashed on every load.
"""

import gzip
import hashlib
import json
import math
import os
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "DEBIAN_DIR",
    "FILES",
    "DataError",
    "default_cache_dir",
    "idx_shape",
    "locate_fashion_mnist",
]

#: name -> (size in bytes, SHA-256) of each decompressed IDX file.
FILES: dict[str, tuple[int, str]] = {
    "train-images-idx3-ubyte": (
        47040016,
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    ),
    "train-labels-idx1-ubyte": (
        60008,
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    ),
    "t10k-images-idx3-ubyte": (
        7840016,
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    ),
    "t10k-labels-idx1-ubyte": (
        10008,
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    ),
}
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
#: in the cache's raw folder: the files as they were when last hashed
STAMP = ".verified.json"
ENV_VAR = "FASHION_MNIST_DIR"
HOW_TO_GET = (
    "Get the data in one of three ways:\n"
    "  1. Debian or Ubuntu: apt-get install dataset-fashion-mnist "
    f"(puts the files in {DEBIAN_DIR}).\n"
    f"  2. Point to a folder with the four files ({', '.join(FILES)}; "
    "decompressed or .gz):\n"
    f"     pass --data-dir DIR (or data_dir=DIR), or set {ENV_VAR}=DIR.\n"
    "  3. On a machine with internet, torchvision downloads them into the "
    "cache (download=True, the default)."
)


class DataError(RuntimeError):
    """The Fashion-MNIST files are missing, truncated or corrupted."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"Fashion-MNIST: {problem}\n{HOW_TO_GET}")


def default_cache_dir() -> Path:
    """Where verified files are kept: ``data/`` in a source checkout.

    Elsewhere (an installed package), ``~/.cache/softmax_regression``.
    """
    top = Path(__file__).resolve().parents[2]
    if (top / "pyproject.toml").is_file() and (top / "code").is_dir():
        return top / "data"
    return Path.home() / ".cache" / "softmax_regression"


def _raw_dir(root: Path) -> Path:
    return root / "FashionMNIST" / "raw"


def _copy_hashing(source: BinaryIO, target: BinaryIO | None) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return size, digest.hexdigest()


def _problem(path: Path, target: BinaryIO | None = None) -> str | None:
    """Return what is wrong with one file, or ``None`` if it is good.

    The decompressed bytes are copied to ``target`` on the way, if given.
    """
    size, sha256 = FILES[path.name.removesuffix(".gz")]
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as source:
            got_size, got_sha256 = _copy_hashing(source, target)
    except (OSError, EOFError, zlib.error) as error:
        # a bad .gz raises gzip.BadGzipFile, an OSError
        return (
            f"{path}: cannot be read ({error}); "
            "it is truncated or not a valid file"
        )
    if got_size != size:
        state = "truncated" if got_size < size else "too long"
        return (
            f"{path}: {state}: {got_size} bytes decompressed, expected {size}"
        )
    if got_sha256 != sha256:
        return f"{path}: corrupted: SHA-256 {got_sha256}, expected {sha256}"
    return None


def _fingerprint(path: Path) -> list[int]:
    """What any change to a file changes: size, mtime, ctime, inode."""
    status = path.stat()
    return [
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_ino,
    ]


def _read_stamp(cache: Path) -> dict:
    try:
        stamp = json.loads((_raw_dir(cache) / STAMP).read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _write_stamp(cache: Path) -> None:
    """Record the cached files as they are now, just after a full check.

    A cache the user cannot write to gets no stamp: its files are hashed on
    every load.
    """
    raw = _raw_dir(cache)
    stamp = {
        name: {"sha256": sha256, "file": _fingerprint(raw / name)}
        for name, (_, sha256) in FILES.items()
    }
    try:
        handle, temporary = tempfile.mkstemp(dir=raw, prefix=f"{STAMP}.")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w") as file:
            json.dump(stamp, file, indent=1)
        os.chmod(temporary, 0o644)
        os.replace(temporary, raw / STAMP)
    except OSError:
        pass
    finally:
        Path(temporary).unlink(missing_ok=True)


def _is_stamped(path: Path, stamp: dict) -> bool:
    """True if a cached file is unchanged since it last passed the full check.

    Unchanged: the same expected SHA-256, and the same size, modification
    time, change time and inode (see the module's docstring).
    """
    entry = stamp.get(path.name)
    return (
        isinstance(entry, dict)
        and entry.get("sha256") == FILES[path.name][1]
        and entry.get("file") == _fingerprint(path)
    )


def _find(directory: Path, name: str) -> Path | None:
    for folder in (_raw_dir(directory), directory):
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.is_file():
                return candidate
    return None


def _install(source: Path, cache: Path) -> None:
    """Decompress or copy one verified file into the cache, atomically."""
    destination = _raw_dir(cache) / source.name.removesuffix(".gz")
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}."
    )
    try:
        with os.fdopen(handle, "wb") as target:
            problem = _problem(source, target)
        if problem is not None:
            raise DataError(problem)
        # mkstemp creates the file readable by its owner only
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _from_directory(directory: Path, cache: Path, origin: str) -> Path:
    """Use the files of a directory.

    They are loaded in place if they are already in torchvision's layout, and
    copied into the cache otherwise.
    """
    if not directory.is_dir():
        raise DataError(f"{directory} (from {origin}) is not a directory")
    sources = {name: _find(directory, name) for name in FILES}
    missing = [name for name, path in sources.items() if path is None]
    if missing:
        raise DataError(
            f"{directory} (from {origin}) lacks {', '.join(missing)} "
            "(looked for each file, decompressed or .gz, in the folder and "
            "in FashionMNIST/raw/)"
        )
    in_place = all(
        path == _raw_dir(directory) / name for name, path in sources.items()
    )
    if in_place:
        for path in sources.values():
            if (problem := _problem(path)) is not None:
                raise DataError(f"{problem} (from {origin})")
        return directory
    stamp = _read_stamp(cache)
    hashed = False
    for name, path in sources.items():
        cached = _raw_dir(cache) / name
        if cached.is_file() and _is_stamped(cached, stamp):
            continue
        hashed = True
        if not (cached.is_file() and _problem(cached) is None):
            _install(path, cache)
    if hashed:
        _write_stamp(cache)
    return cache


def _cache_is_complete(cache: Path) -> bool:
    """True if the cache holds all four good files.

    A bad file is deleted, never used. A file unchanged since it was last
    hashed (see :data:`STAMP`) is not hashed again.
    """
    stamp = _read_stamp(cache)
    complete, hashed = True, False
    for name in FILES:
        path = _raw_dir(cache) / name
        if not path.is_file():
            complete = False
        elif not _is_stamped(path, stamp):
            hashed = True
            if (problem := _problem(path)) is not None:
                print(
                    "Fashion-MNIST: removing a bad file from the cache: "
                    f"{problem}",
                    file=sys.stderr,
                )
                path.unlink()
                complete = False
    if complete and hashed:
        _write_stamp(cache)
    return complete


def _download(cache: Path) -> None:
    # imported here: it is slow to import
    from torchvision.datasets import FashionMNIST

    try:
        for train in (True, False):
            FashionMNIST(cache, train=train, download=True)
    except Exception as error:
        # torchvision raises several types of error for network failures
        raise DataError(
            f"torchvision could not download the files into {cache} ({error})"
        ) from error
    for name in FILES:
        path = _raw_dir(cache) / name
        if (problem := _problem(path)) is not None:
            path.unlink(missing_ok=True)
            raise DataError(f"{problem} (downloaded by torchvision)")
    _write_stamp(cache)


def locate_fashion_mnist(
    data_dir: str | os.PathLike | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    download: bool = True,
) -> Path:
    """Find or fetch the four verified files.

    Args:
        data_dir: a directory holding the four files; if given, no other
            source is tried.
        cache_dir: where to keep the files in torchvision's layout; default
            :func:`default_cache_dir`.
        download: let torchvision download the files when no other source has
            them.

    Raises:
        DataError: the files could not be found, or one is missing, truncated
            or corrupted.

    Returns:
        A root folder whose ``FashionMNIST/raw/`` holds the four verified
        files (torchvision's layout).
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    if data_dir is not None:
        return _from_directory(Path(data_dir), cache, "the data_dir argument")
    if os.environ.get(ENV_VAR):
        return _from_directory(
            Path(os.environ[ENV_VAR]),
            cache,
            f"the environment variable {ENV_VAR}",
        )
    if _cache_is_complete(cache):
        return cache
    if all(_find(DEBIAN_DIR, name) for name in FILES):
        return _from_directory(
            DEBIAN_DIR, cache, "Debian's dataset-fashion-mnist"
        )
    if download:
        _download(cache)
        return cache
    raise DataError(
        f"no files in the cache {cache} nor in {DEBIAN_DIR}, and download=False"
    )


def idx_shape(
    path: Path, header: bytes, magic: int, num_values: int
) -> list[int]:
    """The sizes an IDX file's header gives, checked against what follows it.

    The header is big-endian 32-bit integers: the magic number, whose last
    byte is the number of dimensions, then one size per dimension.

    Args:
        path: the file, named in the error message.
        header: its first ``4 * (1 + magic % 256)`` bytes.
        magic: the expected magic number: 2051 (``0x0803``, unsigned bytes in
            three dimensions) for images, 2049 (``0x0801``) for labels.
        num_values: how many bytes follow the header.

    Raises:
        DataError: the header is cut short, the magic number is not
            ``magic``, or the sizes do not multiply to ``num_values``.
    """
    if len(header) != 4 * (1 + magic % 256):
        raise DataError(
            f"{path}: not an IDX file: {len(header)} bytes, too short for "
            "its header"
        )
    found, *shape = struct.unpack(f">{len(header) // 4}i", header)
    if found != magic:
        raise DataError(
            f"{path}: not the expected IDX file: magic number {found}, "
            f"expected {magic} (0x{magic:04x})"
        )
    if min(shape) < 0 or math.prod(shape) != num_values:
        sizes = " x ".join(str(size) for size in shape)
        raise DataError(
            f"{path}: the header gives {sizes} = {math.prod(shape)} values, "
            f"but {num_values} follow it"
        )
    return shape
