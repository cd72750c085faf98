"""Errors shown to the clerk as they are, kept apart from the modules that raise them so that
the window can import them without loading the database layer (start-up time)."""


class StorageError(Exception):
    """A storage failure to show the clerk as is: Chinese, says what and which file."""
