"""The one error audio inspection raises: a code for programs, parameters for the message."""

from __future__ import annotations

from typing import Any


class AudioRejected(ValueError):
    """An upload refused as audio; `code` names why, `params` fill the reader's message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
