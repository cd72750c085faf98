"""The app's version, as packages and data written for others name it (kept equal to
pyproject.toml's by a test)."""

APP_NAME = "gk-nianbao"
APP_VERSION = "0.1.0"
