"""Loading Fashion-MNIST: the real data, every source in order, and every way a file can be bad."""

import gzip
import shutil
from pathlib import Path

import pytest
import torch

from softmax_regression import DataError, data_files, load_fashion_mnist, locate_fashion_mnist
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
    assert (
        fashion_mnist.train.X.dtype == torch.float32 and fashion_mnist.train.y.dtype == torch.int64
    )
    assert fashion_mnist.train.X.min() == 0.0 and fashion_mnist.train.X.max() == 1.0
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
    assert sorted(p.name for p in (cache / "FashionMNIST" / "raw").iterdir()) == sorted(FILES)
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
