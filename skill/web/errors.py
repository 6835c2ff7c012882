"""The one failure type of request verification, shared by its small modules."""

from __future__ import annotations


class VerificationFailed(Exception):
    """A refused request: ``step`` names the check (``cert_url``, ``signature``, ...), and the
    message is what the endpoint answers as ``400 {"error": "<step>: <detail>"}``."""

    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"{step}: {detail}")
        self.step, self.detail = step, detail

    def again(self) -> VerificationFailed:
        """A fresh copy, for a remembered failure raised in another request's thread."""
        return VerificationFailed(self.step, self.detail)
