class DomainError(Exception):
    """A business rule refused an operation.

    ``message`` is shown to the person as-is, so it must be translated and
    must say *why* (and, where possible, what to do instead). ``field`` names
    the form field the error belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
