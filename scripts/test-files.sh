#!/usr/bin/env bash
# The test files `npm test` runs, one a line, sorted: every *.test.ts under src/ and tests/
# (tests/fixtures holds the jobs tests run, not tests). tests/test-files.test.ts checks the list.
set -euo pipefail
cd "$(dirname "$0")/.."
find src tests -name '*.test.ts' -not -path 'tests/fixtures/*' | sort
