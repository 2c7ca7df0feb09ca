"""Errors an export reports to the person who asked for it."""


class ExportError(Exception):
    """A problem the user can fix; the message is one line naming the thing at fault."""


class IncompleteExport(ExportError):
    """The export was written, but some files could not be read and were left out."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(
            f"Export written without {len(self.problems)} file(s): " + "; ".join(self.problems)
        )
