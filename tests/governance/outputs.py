"""Reading the governance outputs: a figure on the page, the text of a PDF."""

from __future__ import annotations

import re
import shutil
import subprocess


def element_text(html: str, element_id: str) -> str:
    """The text of the ``<dd>`` with ``element_id``, whitespace collapsed."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</dd>', html, re.S)
    assert match, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def pdf_text(content: bytes) -> str:
    """The text of a PDF (poppler's pdftotext), whitespace collapsed."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is needed"
    text = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())
