#!/usr/bin/env bash
# The full `cargo publish --dry-run` of both crates: each packaged and BUILT as packaged (the
# receiver against the packaged kelisim, through cargo's local overlay registry). The test command
# runs the same without building the receiver (it recompiles its dependencies, ≈ 11 min cold).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo publish --dry-run --allow-dirty -p kelisim -p kelisim-receiver
say "both crates package and build as published"
