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
"""

import gzip
import hashlib
import os
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
    for name, path in sources.items():
        cached = _raw_dir(cache) / name
        if not (cached.is_file() and _problem(cached) is None):
            _install(path, cache)
    return cache


def _cache_is_complete(cache: Path) -> bool:
    """True if the cache holds all four good files.

    A bad file is deleted, never used.
    """
    complete = True
    for name in FILES:
        path = _raw_dir(cache) / name
        if not path.is_file():
            complete = False
        elif (problem := _problem(path)) is not None:
            print(
                f"Fashion-MNIST: removing a bad file from the cache: {problem}",
                file=sys.stderr,
            )
            path.unlink()
            complete = False
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
        A root folder that torchvision's ``FashionMNIST`` loads.
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
