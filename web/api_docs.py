"""The API's documentation page: Swagger UI over the OpenAPI schema.

The split view serves its start-up script as a separate same-origin request,
and the Swagger UI files come from drf-spectacular-sidecar as static files, so
the page runs under the site's Content Security Policy with no inline script
or style and nothing from another origin. It needs a signed-in, two-factor
user, like the schema itself.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocs(SpectacularSwaggerSplitView):
    url_name = "api-schema"
    template_name = "api_docs.html"
    title = "MARAC case management API"
