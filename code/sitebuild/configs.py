"""The Chinese edition's configuration as one file, for engines that merge ``INHERIT`` otherwise.

``mkdocs.zh.yml`` inherits ``mkdocs.yml`` (``INHERIT``), the way Material
documents one configuration per language. MkDocs merges the two as
dictionaries, a list in the child replacing the parent's: the Chinese
navigation, palette, language links and plugins replace the English ones.
Zensical 0.0.73 reads ``INHERIT`` but appends the lists instead (measured: its
Chinese site had both navigations and four language links). This module writes
the configuration MkDocs would read, with ``!ENV`` and other tags kept as they
are, so that ``zensical build --config-file`` builds the same Chinese site::

    python -m sitebuild.configs mkdocs.zh.yml mkdocs.zh.flat.yml
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

__all__ = ["Tagged", "flatten", "main", "merge"]


class Tagged:
    """A YAML node with an application tag (``!ENV SITE_URL``), kept to be written back."""

    def __init__(self, tag: str, value: object) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: object = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged("!" + suffix, value)


def _represent(dumper: _Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct)
_Dumper.add_representer(Tagged, _represent)


def merge(parent: object, child: object) -> object:
    """MkDocs' merge of an inherited configuration: mappings recursively, anything else replaced."""
    if isinstance(parent, dict) and isinstance(child, dict):
        merged = dict(parent)
        for key, value in child.items():
            merged[key] = merge(parent[key], value) if key in parent else value
        return merged
    return child


def _load(path: Path) -> dict:
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(config, dict):
        raise ValueError(f"{path} is not a YAML mapping")
    if "INHERIT" in config:
        parent = _load((path.parent / config.pop("INHERIT")).resolve())
        config = merge(parent, config)
    return config


def flatten(path: Path) -> str:
    """The configuration ``path`` names, with its ``INHERIT`` chain merged in, as YAML."""
    return yaml.dump(_load(path), Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.configs", description=__doc__.splitlines()[0]
    )
    parser.add_argument("config", type=Path, help="a configuration with INHERIT")
    parser.add_argument("out", type=Path, help="where to write it (beside the config)")
    args = parser.parse_args(argv)
    if args.out.resolve().parent != args.config.resolve().parent:
        parser.error("write it beside the configuration: its paths are relative to its folder")
    args.out.write_text(
        "# Written by `python -m sitebuild.configs` from "
        f"{args.config.name}: edit that file, not this one.\n" + flatten(args.config),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
