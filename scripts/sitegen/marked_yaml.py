"""YAML with the line of every value, so a problem is reported where it is written.

The line comes from the YAML parser's own node marks, not from searching the text,
so two entries with the same value, or a key that also appears in a comment, are
never confused.
"""

from __future__ import annotations

import yaml

# libyaml when PyYAML was built with it (the pinned wheel is): the checks read every page's front matter.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Marks:
    """Lines of the values in one YAML document, addressed by their path of keys and indexes."""

    def __init__(self, first_line: int = 1):
        self.first_line = first_line
        self.lines: dict[tuple, int] = {}

    def line(self, path=()) -> int:
        """The line of the value at `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, self.first_line)

    def record(self, node, path=()) -> None:
        self.lines[path] = self.first_line + node.start_mark.line
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
                # A key whose value sits on later lines (a block list or map) is reported at the key.
                self.lines[path + (name,)] = self.first_line + key.start_mark.line
                if isinstance(value, (yaml.MappingNode, yaml.SequenceNode)):
                    self.record(value, path + (name,))
                    self.lines[path + (name,)] = self.first_line + key.start_mark.line
                else:
                    self.lines[path + (name,)] = self.first_line + value.start_mark.line
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.record(item, path + (index,))


def load(text: str, first_line: int = 1):
    """(data, Marks). Raises yaml.MarkedYAMLError as yaml.safe_load does."""
    marks = Marks(first_line)
    node = yaml.compose(text, Loader=LOADER)
    if node is None:
        return None, marks
    marks.record(node)
    return yaml.load(text, Loader=LOADER), marks  # noqa: S506 - a safe loader
