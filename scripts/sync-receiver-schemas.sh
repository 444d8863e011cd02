#!/usr/bin/env bash
# Copies the consent record schema (schema/consent-record.schema.json, generated from the Rust
# types) into the PHP, Node and Python receivers, which validate against their copy. Run it after
# the schema changes; `scripts/sync-receiver-schemas.sh --check` fails when a copy is stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
src=schema/consent-record.schema.json
for dest in integrations/php/consent-record.schema.json \
            integrations/node/lib/consent-record.schema.json \
            integrations/python/kelisim_receiver/consent-record.schema.json; do
  if [ "${1:-}" = "--check" ]; then
    cmp -s "$src" "$dest" || { echo "$dest is stale: run scripts/sync-receiver-schemas.sh" >&2; exit 1; }
  else
    cp "$src" "$dest"
  fi
done
