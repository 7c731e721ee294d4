#!/usr/bin/env bash
# Build the vendored GOV.UK Frontend assets into static/govuk/ and htmx into static/js/vendor/.
# Needs Node/npm only when rebuilding; the output is committed.
# Usage (from anywhere): bash frontend/build.sh
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${FRONTEND_DIR}/.." && pwd)"
OUT_DIR="${REPO_ROOT}/static/govuk"
GOVUK_DIST="${FRONTEND_DIR}/node_modules/govuk-frontend/dist/govuk"

cd "${FRONTEND_DIR}"
npm ci --no-audit --no-fund

rm -rf "${OUT_DIR}"
mkdir -p "${OUT_DIR}/assets"

npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  main.scss "${OUT_DIR}/govuk-frontend.min.css"

cp "${GOVUK_DIST}/govuk-frontend.min.js" "${OUT_DIR}/govuk-frontend.min.js"

# Images and manifest only: the GDS Transport fonts are not licensed for this service.
cp -R "${GOVUK_DIST}/assets/images" "${OUT_DIR}/assets/images"
cp "${GOVUK_DIST}/assets/manifest.json" "${OUT_DIR}/assets/manifest.json"

# htmx: the live meeting's forms save in place (served from our origin: the CSP allows no CDN).
mkdir -p "${REPO_ROOT}/static/js/vendor"
cp node_modules/htmx.org/dist/htmx.min.js "${REPO_ROOT}/static/js/vendor/htmx.min.js"

echo "GOV.UK Frontend $(node -p "require('govuk-frontend/package.json').version") built into ${OUT_DIR}; htmx $(node -p "require('htmx.org/package.json').version") into static/js/vendor"
