class ApplicationError(Exception):
    """A rule of the domain was broken; the message is safe to show to the person who acted."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
