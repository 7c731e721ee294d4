"""PDFs of pages (the agenda, the minutes, action lists, the governance report).

WeasyPrint renders the same Django templates the pages use; each PDF is a
download, marked OFFICIAL-SENSITIVE by its template.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def pdf_response(request: HttpRequest, template_name: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """``template_name`` rendered with ``context`` as a PDF download named ``filename``.

    Relative links in the template resolve against the site (``base_url``).
    """
    html = render_to_string(template_name, context)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
