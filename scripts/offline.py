"""`make offline`: a copy of the offline pack in dist/ (the site for file://, search included).

The pack itself is made by scripts/downloads.py with every build and published under
downloads/; unzip it and open the file its README names.
"""

from __future__ import annotations

import pdf


def main() -> int:
    return pdf.main("offline")
