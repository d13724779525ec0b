"""Problems found in the input, and the exception that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem with the input, pointing at a file and line (0: the whole file)."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message}"


def sort_problems(problems) -> tuple[Problem, ...]:
    """Return the problems de-duplicated and in a total order (path, line, message)."""
    return tuple(sorted(set(problems), key=lambda p: (p.path, p.line, p.message, p.warning)))


class ProblemsFound(Exception):
    """Raised when the input has problems; carries every one of them, sorted."""

    def __init__(self, problems) -> None:
        self.problems = sort_problems(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        """Return every problem on its own line, then a count."""
        errors = [p for p in self.problems if not p.warning]
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found")
        return "\n".join(lines)
