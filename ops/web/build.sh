#!/usr/bin/env bash
# Builds the GOV.UK Frontend assets for the web host from npm (pinned in package-lock.json) and copies them into
# src/CareersCompliance.Web/wwwroot/lib/govuk-frontend. The output is committed: the host runs offline and CI needs no npm.
# Run it again only to upgrade govuk-frontend (change the version in package.json, then `npm install` and this script).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../../src/CareersCompliance.Web/wwwroot/lib/govuk-frontend"
cd "$HERE"
npm ci --no-audit --no-fund --ignore-scripts
DIST=node_modules/govuk-frontend/dist/govuk
rm -rf "$OUT"
mkdir -p "$OUT"
# System fonts instead of GDS Transport (see careers.scss); the crown and GOV.UK icons are not copied.
npx sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import --load-path=node_modules careers.scss "$OUT/govuk-frontend.min.css"
cp "$DIST/govuk-frontend.min.js" "$OUT/govuk-frontend.min.js"
node -p "const p=require('govuk-frontend/package.json'); 'govuk-frontend '+p.version+', licence '+p.license+' (Crown copyright), built by ops/web/build.sh'" > "$OUT/NOTICE.txt"
echo "govuk-frontend $(node -p "require('govuk-frontend/package.json').version") built into $OUT"
