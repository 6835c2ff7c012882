"""The app gunicorn serves during ``make load``: production settings, test-CA trust.

The load driver writes its throwaway root and chain to ``LOAD_PKI_DIR``; the chain is
served to the verifier in place of a download from s3.amazonaws.com, and each "download" is
recorded as a line of ``downloads.txt`` there, so the driver can count them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from skill.web import create_app

_folder = Path(os.environ["LOAD_PKI_DIR"])
_chain = (_folder / "chain.pem").read_bytes()


def _fetch(url: str) -> bytes:
    with open(_folder / "downloads.txt", "a", encoding="utf-8") as log:
        log.write(url + "\n")
    return _chain


# The hostile clients' refusals would print thousands of warnings; the driver counts them.
logging.getLogger("skill.web").setLevel(logging.ERROR)
app = create_app(trust_anchors=[(_folder / "root.pem").read_bytes()], fetch_certificate=_fetch)
