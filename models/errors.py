"""Errors shown to the clerk as they are, kept apart from the modules that raise them so that
the window can import them without loading the database layer (start-up time)."""


class StorageError(Exception):
    """A storage failure to show the clerk as is: Chinese, says what and which file."""


class WriteFailed(StorageError):
    """The database could not be written or read just now (disk full, locked by another program,
    read-only, an I/O error, damaged): unlike a refusal (a duplicate unit name, a bad value),
    the same write may succeed later, so an edit is kept and tried again."""
