"""The one error a bad data file raises: it names the file, the row and the column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataProblem:
    """One problem in one cell. `row` is the line number in the CSV file (the header is line 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataValidationError(Exception):
    """Raised when the curated tables break a rule; carries every problem found."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = problems
        shown = "\n".join(f"- {problem}" for problem in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")
