"""The app gunicorn serves during ``make load``: production settings, test-CA trust.

The load driver writes its throwaway root and chain to ``LOAD_PKI_DIR``; the chain is
served to the verifier in place of a download from s3.amazonaws.com.
"""

from __future__ import annotations

import os
from pathlib import Path

from skill.web import create_app

_folder = Path(os.environ["LOAD_PKI_DIR"])
_chain = (_folder / "chain.pem").read_bytes()
app = create_app(
    trust_anchors=[(_folder / "root.pem").read_bytes()], fetch_certificate=lambda _url: _chain
)
