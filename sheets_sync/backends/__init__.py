"""Where workbooks live: one module per backend behind the protocol in ``base``."""

from sheets_sync.backends.base import Backend, open_backend

__all__ = ["Backend", "open_backend"]
