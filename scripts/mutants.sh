#!/usr/bin/env bash
# Mutation testing of the pure core with cargo-mutants (https://mutants.rs): each mutant is one
# small change to the code (an operator flipped, a `!` deleted, a function body replaced); a
# mutant the native tests do not fail on is "missed". Configuration: .cargo/mutants.toml (the
# browser shell src/web is excluded: it is compiled only for wasm32). Mutants that no test can
# tell from the original are listed, with the reason, in mutants-equivalent.md.
#
#   scripts/mutants.sh                         # the whole core (about 790 mutants: hours on 2 cores)
#   scripts/mutants.sh -f src/cookie.rs        # one file; any cargo-mutants option may follow
#   JOBS=4 scripts/mutants.sh --iterate        # only what was not caught in the previous run
#
# Results go to mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt). Not part of
# scripts/test.sh: it rebuilds the crate once per mutant.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
nice -n 10 cargo mutants --jobs "${JOBS:-2}" "$@"
