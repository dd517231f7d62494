#!/usr/bin/env bash
# Runs one live-DSQL test command (tests/live/CMakeLists.txt), or reports it skipped (exit 77, ctest's
# SKIP_RETURN_CODE) when no cluster is given.
if [ -z "${DSQL_ENDPOINT:-}" ]; then
  echo "skipped: DSQL_ENDPOINT not set"
  exit 77
fi
exec "$@"
