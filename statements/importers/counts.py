"""What an import did: how many records went which way, and what went wrong where."""

from collections.abc import Callable
from dataclasses import dataclass, field, fields

from statements.models import ImportRun


@dataclass
class ImportCounts:
    """Counts of one file, or of a run so far; the names are ImportRun's own fields."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    summary = ImportRun.summary  # the run's own wording, read from the same names

    @classmethod
    def of(cls, run: ImportRun) -> "ImportCounts":
        return cls(**{name: getattr(run, name) for name in COUNTS}, errors=list(run.errors))

    @property
    def records(self) -> int:
        """Records read so far, whatever became of them."""
        return sum(getattr(self, name) for name in COUNTS)

    def add_to(self, target: "ImportCounts | ImportRun") -> None:
        for name in COUNTS:
            setattr(target, name, getattr(target, name) + getattr(self, name))
        target.errors.extend(self.errors)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts the counts back as they are now (for a rolled-back batch)."""
        saved = {name: getattr(self, name) for name in COUNTS}
        errors = len(self.errors)

        def restore() -> None:
            for name, value in saved.items():
                setattr(self, name, value)
            del self.errors[errors:]

        return restore


COUNTS = tuple(f.name for f in fields(ImportCounts) if f.name != "errors")
