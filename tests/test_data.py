"""Loading Fashion-MNIST: the real data, every source in order, and every way a file can be bad."""

import gzip
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from softmax_regression import (
    CLASSES,
    DataError,
    as_float,
    data,
    data_files,
    load_fashion_mnist,
    locate_fashion_mnist,
)
from softmax_regression.data import read_idx
from softmax_regression.data_files import FILES

LABELS = "t10k-labels-idx1-ubyte"


def copy_files(
    raw_files: dict[str, Path], folder: Path, *, gz: bool = False, layout: str = "flat"
) -> Path:
    """Copy the four good files into ``folder`` (flat or torchvision's layout), optionally gzipped."""
    target = folder / "FashionMNIST" / "raw" if layout == "torchvision" else folder
    target.mkdir(parents=True, exist_ok=True)
    for name, source in raw_files.items():
        if gz:
            with (
                source.open("rb") as src,
                gzip.open(target / f"{name}.gz", "wb", compresslevel=1) as dst,
            ):
                shutil.copyfileobj(src, dst)
        else:
            shutil.copyfile(source, target / name)
    return target


@pytest.fixture
def no_other_sources(monkeypatch, tmp_path):
    """No environment variable, no Debian files: only what a test provides is found."""
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setattr(data_files, "DEBIAN_DIR", tmp_path / "no-debian")


def test_the_real_data_has_the_documented_shapes_and_types(fashion_mnist):
    assert fashion_mnist.train.X.shape == (60000, 1, 28, 28)
    assert fashion_mnist.test.X.shape == (10000, 1, 28, 28)
    assert fashion_mnist.train.X.dtype == torch.uint8 and fashion_mnist.train.y.dtype == torch.int64
    assert torch.bincount(fashion_mnist.train.y).tolist() == [6000] * 10
    assert fashion_mnist.classes[0] == "T-shirt/top" and fashion_mnist.classes[9] == "Ankle boot"
    assert len(fashion_mnist.test) == 10000


@pytest.mark.parametrize(
    ("gz", "layout"), [(False, "flat"), (True, "flat"), (False, "torchvision")]
)
def test_an_explicit_folder_is_used_in_any_layout(
    raw_files, tmp_path, no_other_sources, gz, layout
):
    folder = tmp_path / "given"
    copy_files(raw_files, folder, gz=gz, layout=layout)
    root = locate_fashion_mnist(folder, cache_dir=tmp_path / "cache", download=False)
    # torchvision's layout is loaded in place; anything else is verified into the cache.
    assert root == (folder if layout == "torchvision" else tmp_path / "cache")
    data = load_fashion_mnist(folder, cache_dir=tmp_path / "cache", download=False)
    assert len(data.train) == 60000 and len(data.test) == 10000


def test_the_environment_variable_comes_before_the_cache(
    raw_files, tmp_path, monkeypatch, no_other_sources
):
    copy_files(raw_files, tmp_path / "env", layout="torchvision")
    monkeypatch.setenv("FASHION_MNIST_DIR", str(tmp_path / "env"))
    assert locate_fashion_mnist(cache_dir=tmp_path / "cache", download=False) == tmp_path / "env"


def test_debian_files_are_decompressed_into_the_cache(
    raw_files, tmp_path, monkeypatch, no_other_sources
):
    debian = tmp_path / "debian"
    copy_files(raw_files, debian, gz=True)
    monkeypatch.setattr(data_files, "DEBIAN_DIR", debian)
    cache = tmp_path / "cache"
    assert locate_fashion_mnist(cache_dir=cache, download=False) == cache
    in_cache = sorted(p.name for p in (cache / "FashionMNIST" / "raw").iterdir())
    assert in_cache == sorted([*FILES, data_files.STAMP])  # the files, and their stamp
    shutil.rmtree(debian)  # from now on the cache alone is enough
    assert locate_fashion_mnist(cache_dir=cache, download=False) == cache


def test_a_missing_file_is_named_with_the_ways_to_get_it(raw_files, tmp_path, no_other_sources):
    folder = copy_files(raw_files, tmp_path / "given")
    (folder / LABELS).unlink()
    with pytest.raises(DataError) as caught:
        locate_fashion_mnist(folder, cache_dir=tmp_path / "cache")
    message = str(caught.value)
    assert f"lacks {LABELS}" in message
    assert "apt-get install dataset-fashion-mnist" in message and "FASHION_MNIST_DIR" in message
    assert "torchvision downloads them" in message


def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path, no_other_sources):
    with pytest.raises(DataError, match=r"nope .from the data_dir argument. is not a directory"):
        locate_fashion_mnist(tmp_path / "nope", cache_dir=tmp_path / "cache")


def test_a_truncated_file_is_named_and_nothing_is_left_in_the_cache(
    raw_files, tmp_path, no_other_sources
):
    folder = copy_files(raw_files, tmp_path / "given")
    (folder / LABELS).write_bytes((folder / LABELS).read_bytes()[:5000])
    cache = tmp_path / "cache"
    with pytest.raises(
        DataError, match=f"{LABELS}: truncated: 5000 bytes decompressed, expected 10008"
    ):
        locate_fashion_mnist(folder, cache_dir=cache)
    leftovers = [p.name for p in (cache / "FashionMNIST" / "raw").iterdir()]
    assert LABELS not in leftovers and not [n for n in leftovers if n.startswith(".")]


def test_a_corrupted_file_is_named_by_its_checksum(raw_files, tmp_path, no_other_sources):
    folder = copy_files(raw_files, tmp_path / "given", layout="torchvision")
    path = folder / LABELS
    content = bytearray(path.read_bytes())
    content[100] ^= 0xFF
    path.write_bytes(bytes(content))
    with pytest.raises(
        DataError, match=f"{LABELS}: corrupted: SHA-256 [0-9a-f]{{64}}, expected 0402a96d"
    ):
        locate_fashion_mnist(tmp_path / "given", cache_dir=tmp_path / "cache")


def test_a_broken_gzip_file_is_named(raw_files, tmp_path, no_other_sources):
    folder = copy_files(raw_files, tmp_path / "given", gz=True)
    gz = folder / f"{LABELS}.gz"
    gz.write_bytes(gz.read_bytes()[:100])
    with pytest.raises(
        DataError, match=f"{LABELS}.gz: cannot be read .* truncated or not a valid file"
    ):
        locate_fashion_mnist(folder, cache_dir=tmp_path / "cache")


def test_a_corrupt_cache_file_is_removed_and_replaced(
    raw_files, tmp_path, monkeypatch, no_other_sources, capsys
):
    cache = tmp_path / "cache"
    cached = copy_files(raw_files, cache, layout="torchvision")
    (cached / LABELS).write_bytes(b"\0" * 10008)
    debian = copy_files(raw_files, tmp_path / "debian", gz=True)
    monkeypatch.setattr(data_files, "DEBIAN_DIR", debian)
    assert locate_fashion_mnist(cache_dir=cache, download=False) == cache
    assert "removing a bad file from the cache" in capsys.readouterr().err
    assert (cached / LABELS).read_bytes() == raw_files[LABELS].read_bytes()


def test_a_corrupt_cache_file_without_another_source_is_an_error(
    raw_files, tmp_path, no_other_sources
):
    cached = copy_files(raw_files, tmp_path / "cache", layout="torchvision")
    (cached / LABELS).write_bytes(b"\0" * 10)
    with pytest.raises(DataError, match=r"no files in the cache .* and download=False"):
        locate_fashion_mnist(cache_dir=tmp_path / "cache", download=False)
    assert not (cached / LABELS).exists()  # never used, never kept


def test_an_interrupted_copy_leaves_nothing_half_written(
    raw_files, tmp_path, monkeypatch, no_other_sources
):
    folder = copy_files(raw_files, tmp_path / "given")

    def interrupted(source, target):
        target.write(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(data_files, "_copy_hashing", interrupted)
    with pytest.raises(KeyboardInterrupt):
        locate_fashion_mnist(folder, cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache" / "FashionMNIST" / "raw").iterdir()) == []


class FakeDownload:
    """Stands in for torchvision's FashionMNIST(download=True): no network in the tests."""

    def __init__(
        self, write: dict[str, bytes] | None = None, error: Exception | None = None
    ) -> None:
        self.write, self.error = write or {}, error

    def __call__(self, root, train, download):
        if self.error:
            raise self.error
        raw = Path(root) / "FashionMNIST" / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        for name, content in self.write.items():
            (raw / name).write_bytes(content)


def test_a_failed_download_is_a_data_error(tmp_path, monkeypatch, no_other_sources):
    monkeypatch.setattr(
        "torchvision.datasets.FashionMNIST", FakeDownload(error=RuntimeError("no network"))
    )
    with pytest.raises(
        DataError, match=r"torchvision could not download the files .* .no network."
    ):
        locate_fashion_mnist(cache_dir=tmp_path / "cache")


def test_a_corrupt_download_is_rejected_and_deleted(
    raw_files, tmp_path, monkeypatch, no_other_sources
):
    good = {name: path.read_bytes() for name, path in raw_files.items()}
    monkeypatch.setattr(
        "torchvision.datasets.FashionMNIST", FakeDownload(write={**good, LABELS: b"x" * 10008})
    )
    with pytest.raises(DataError, match=f"{LABELS}: corrupted: .* .downloaded by torchvision."):
        locate_fashion_mnist(cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache" / "FashionMNIST" / "raw" / LABELS).exists()


def test_a_good_download_is_used(raw_files, tmp_path, monkeypatch, no_other_sources):
    good = {name: path.read_bytes() for name, path in raw_files.items()}
    monkeypatch.setattr("torchvision.datasets.FashionMNIST", FakeDownload(write=good))
    assert locate_fashion_mnist(cache_dir=tmp_path / "cache") == tmp_path / "cache"


def test_the_real_data_is_the_files_bytes(fashion_mnist):
    """Stored as read: uint8 pixels 0..255, four times smaller than float32."""
    X = fashion_mnist.train.X
    assert X.dtype == torch.uint8 and X.min() == 0 and X.max() == 255
    assert fashion_mnist.classes == CLASSES


def test_as_float_divides_uint8_by_255_and_leaves_floats_alone():
    pixels = torch.arange(256, dtype=torch.uint8).reshape(1, 1, 16, 16)
    converted = as_float(pixels)
    assert converted.dtype == torch.float32
    assert torch.equal(converted, pixels.to(torch.float32) / 255)  # bit for bit
    assert converted[0, 0, 0, 0] == 0.0 and converted[0, 0, -1, -1] == 1.0
    floats = torch.rand(3, 1, 28, 28)
    assert as_float(floats) is floats


def test_importing_the_package_does_not_import_torchvision():
    """torchvision is slow to import and large in memory; only a download needs it."""
    code = (
        "import sys, softmax_regression, softmax_regression.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'torchvision'))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_the_loader_gives_exactly_what_torchvision_gives(fashion_mnist):
    from torchvision.datasets import FashionMNIST  # the reference, imported here only

    root = locate_fashion_mnist()
    for ours, train in ((fashion_mnist.train, True), (fashion_mnist.test, False)):
        reference = FashionMNIST(root, train=train, download=False)
        assert torch.equal(ours.X, reference.data.unsqueeze(1))  # (n, 1, 28, 28) uint8
        assert torch.equal(ours.y, reference.targets) and ours.y.dtype == reference.targets.dtype
    assert fashion_mnist.classes == tuple(FashionMNIST.classes)


def write_idx(path: Path, magic: int, sizes: list[int], values: bytes) -> Path:
    path.write_bytes(struct.pack(f">{1 + len(sizes)}i", magic, *sizes) + values)
    return path


def test_an_idx_file_is_read_into_its_shape(tmp_path):
    path = write_idx(tmp_path / "images", data.IMAGES, [2, 2, 3], bytes(range(12)))
    X = read_idx(path, data.IMAGES)
    assert X.dtype == torch.uint8 and X.shape == (2, 2, 3)
    assert X.flatten().tolist() == list(range(12))


@pytest.mark.parametrize(
    ("magic", "sizes", "values", "words"),
    [
        (data.LABELS, [2, 2, 3], bytes(12), r"magic number 2049, expected 2051 \(0x0803\)"),
        (
            data.IMAGES,
            [2, 2, 3],
            bytes(11),
            r"the header gives 2 x 2 x 3 = 12 values, but 11 follow",
        ),
        (
            data.IMAGES,
            [2, 2, 3],
            bytes(13),
            r"the header gives 2 x 2 x 3 = 12 values, but 13 follow",
        ),
        (data.IMAGES, [-1, 2, 3], bytes(6), r"the header gives -1 x 2 x 3"),
    ],
)
def test_a_bad_idx_header_is_a_data_error_that_names_the_file(
    tmp_path, magic, sizes, values, words
):
    path = write_idx(tmp_path / "images", magic, sizes, values)
    with pytest.raises(DataError, match=f"{path}: .*{words}"):
        read_idx(path, data.IMAGES)


def test_a_file_shorter_than_its_header_is_a_data_error(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(b"\0\0\x08")
    with pytest.raises(DataError, match="not an IDX file: 3 bytes, too short for its header"):
        read_idx(path, data.LABELS)


@pytest.fixture
def stamped_cache(raw_files, tmp_path, no_other_sources) -> Path:
    """A cache whose four files passed the full check once, and were stamped."""
    cache = tmp_path / "cache"
    copy_files(raw_files, cache, layout="torchvision")
    assert locate_fashion_mnist(cache_dir=cache, download=False) == cache
    assert (cache / "FashionMNIST" / "raw" / data_files.STAMP).is_file()
    return cache


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The names of the files hashed from now on."""
    names = []
    problem = data_files._problem

    def counting(path, target=None):
        names.append(path.name)
        return problem(path, target)

    monkeypatch.setattr(data_files, "_problem", counting)
    return names


def test_a_stamped_cache_is_not_hashed_again(stamped_cache, hashed):
    assert locate_fashion_mnist(cache_dir=stamped_cache, download=False) == stamped_cache
    assert hashed == []


def test_a_rewritten_file_is_hashed_again_and_a_good_one_restamped(stamped_cache, hashed):
    path = stamped_cache / "FashionMNIST" / "raw" / LABELS
    path.write_bytes(path.read_bytes())  # the same bytes, written again
    locate_fashion_mnist(cache_dir=stamped_cache, download=False)
    assert hashed == [LABELS]
    locate_fashion_mnist(cache_dir=stamped_cache, download=False)
    assert hashed == [LABELS]  # stamped again: not hashed a second time


def forge_mtime(path: Path, change) -> None:
    """Change a file in place, then set its modification time back."""
    before = path.stat()
    with path.open("r+b") as file:
        change(file)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_a_file_cut_short_is_caught_despite_a_forged_mtime(stamped_cache, capsys):
    path = stamped_cache / "FashionMNIST" / "raw" / LABELS
    forge_mtime(path, lambda file: file.truncate(5000))
    with pytest.raises(DataError, match="no files in the cache"):
        locate_fashion_mnist(cache_dir=stamped_cache, download=False)
    assert "truncated: 5000 bytes" in capsys.readouterr().err
    assert not path.exists()  # removed, never used


def test_a_same_size_change_is_caught_despite_a_forged_mtime(stamped_cache, capsys):
    """Setting the mtime back sets the change time (ctime) to now, which the stamp holds."""
    path = stamped_cache / "FashionMNIST" / "raw" / LABELS

    def change_the_last_label(file):
        file.seek(-1, os.SEEK_END)
        last = file.read(1)[0]
        file.seek(-1, os.SEEK_END)
        file.write(bytes([(last + 1) % 10]))

    size, inode = path.stat().st_size, path.stat().st_ino
    forge_mtime(path, change_the_last_label)
    assert (path.stat().st_size, path.stat().st_ino) == (size, inode)
    with pytest.raises(DataError, match="no files in the cache"):
        locate_fashion_mnist(cache_dir=stamped_cache, download=False)
    assert "corrupted: SHA-256" in capsys.readouterr().err
