"""YAML files a user hands presswork (identity, gazetteer and themes files, report parameters and batches),
read as bounded data.

`yaml.safe_load` alone refuses tags that build objects, but it still lets a few hundred bytes stand for
billions of values (an "alias bomb": each anchor repeated ten times by the next, shared in memory until
something walks or prints it) and recurses once per nesting level (50,000 nested `[` raised RecursionError).
`load_yaml_file` reads a regular file of bounded size (a FIFO or device is refused, not waited on or read
without end), decodes UTF-8, parses it with a depth limit, and counts the values the document stands for
with every alias expanded before anything uses it. Each problem is one :class:`DataFileError` naming the
file and what is wrong.
"""

from __future__ import annotations

import os
import reprlib
import stat
from importlib import resources

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from analysis.errors import DataFileError

MAX_FILE_BYTES = 5_000_000  # the bundled gazetteer, the largest data file, is 58 KB (5 MB parse in 3 s of CPU here)
MAX_DEPTH = 100  # nesting levels of lists and mappings; real data files use 4
MAX_VALUES = 1_000_000  # values with every alias expanded; a 5 MB file of short values holds ~1 million


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict = 2, 3, 3, 3
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 60, 60, 40


def short_repr(value) -> str:
    """A repr of a user's value for a message, at most about 200 characters however big or deep the value:
    built within those bounds (reprlib), never whole and then cut."""
    text = _SHORT.repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader whose composer stops at MAX_DEPTH levels (it recurses once per level)."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise DataFileError(f"nested more than {MAX_DEPTH} levels deep (line {mark.line + 1})")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _expanded_size(root: Node, limit: int) -> int:
    """How many values `root` stands for with every alias expanded (an alias is the same Node object again),
    counted over the node graph once per node, without recursion; stops counting above `limit`. An alias to
    a collection from inside it (a structure holding itself) is refused: code walking it would never end."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the nodes on the way down to the current one
    stack: list[Node] = [root]
    while stack:
        node = stack[-1]
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        if id(node) not in open_nodes and any(id(c) in open_nodes or c is node for c in children):
            raise DataFileError("an alias (*name) refers to a list or mapping that holds it (a loop)")
        todo = [c for c in children if id(c) not in sizes and id(c) not in open_nodes]
        if todo and id(node) not in open_nodes:
            open_nodes.add(id(node))
            stack.extend(todo)
            continue
        stack.pop()
        if id(node) in sizes:
            continue
        open_nodes.discard(id(node))
        sizes[id(node)] = min(limit + 1, 1 + sum(sizes.get(id(c), 1) for c in children))
    return sizes[id(root)]


# libyaml's parser where PyYAML has it: about 8x faster on the bundled files (themes.yaml, the IPTC vocabulary,
# the gazetteer: 1.0 s of CPU at every start with PyYAML's own parser, 0.35 s with libyaml)
_BUNDLED_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_bundled(name: str):
    """A data file shipped in ``analysis/data`` (``"roles.yaml"``). Ours and checked by the tests, so parsed
    by the fast loader without the bounds a user's file gets (:func:`load_yaml_file`); None when empty."""
    text = resources.files("analysis.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_BUNDLED_LOADER)


def parse_yaml(text: str, where: str, max_values: int = MAX_VALUES):
    """The data of YAML `text` (None for an empty document), or DataFileError naming `where`."""
    loader = _BoundedLoader(text)
    loader.name = where  # positions in messages name the file, not "<unicode string>"
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, max_values) > max_values:
            raise DataFileError(f"{where}: stands for more than {max_values:,} values once its aliases (*name) "
                                "are expanded; write the values out instead of repeating anchors")
        return loader.construct_document(node)
    except DataFileError as e:
        message = str(e)
        raise DataFileError(message if message.startswith(where) else f"{where}: {message}") from None
    except yaml.YAMLError as e:
        raise DataFileError(f"{where} is not valid YAML: {e}") from None
    finally:
        loader.dispose()


def read_data_file(path: str | os.PathLike, what: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of the regular file `path` (`what` names it in messages: "identity file"), at most
    `max_bytes`; a FIFO, device or folder is refused without waiting on it or reading it."""
    where = f"{what} {os.fspath(path)}"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO opens at once instead of waiting
    except OSError as e:
        raise DataFileError(f"cannot read {where}: {e.strerror or e}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(f"{where} is not a regular file (a folder, FIFO or device); give a YAML file")
        if info.st_size > max_bytes:
            raise DataFileError(f"{where} is {info.st_size:,} bytes; a data file may hold at most {max_bytes:,}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        raise DataFileError(f"cannot read {where}: {e.strerror or e}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew since it was measured
        raise DataFileError(f"{where} is over {max_bytes:,} bytes; a data file may hold at most {max_bytes:,}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataFileError(f"{where} is not UTF-8 text (byte {e.start:,}); save it as UTF-8") from None


def load_yaml_file(path: str | os.PathLike, what: str, max_values: int = MAX_VALUES):
    """The data of the YAML file `path` (None when empty): read by :func:`read_data_file`, parsed by
    :func:`parse_yaml`; every problem one DataFileError naming `what` and the file."""
    return parse_yaml(read_data_file(path, what), f"{what} {os.fspath(path)}", max_values)
