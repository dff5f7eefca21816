"""Two tiny build stages for the tests of running stages side by side."""

import os
from pathlib import Path

USER_ERRORS = (ValueError,)


def build(out: Path, config: object, keys: dict[str, str]) -> dict[str, int]:
    """Write one file that names the process that wrote it."""
    path = out / f"stub-{keys['name']}.txt"
    path.write_text(str(os.getpid()))
    return {path.name: path.stat().st_size}


def broken(out: Path, config: object, keys: dict[str, str]) -> dict[str, int]:
    raise ValueError("the data is missing: get it first")


def untranslated(out: Path, config: object, keys: dict[str, str]) -> dict[str, int]:
    """A stage that writes a Chinese text nobody translated."""
    from sitebuild.i18n import tr

    return {"x.md": len(tr("zh", "A sentence no catalogue has"))}
