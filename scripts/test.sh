#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, builds, runs every test project,
# and ends by printing "N passed, N failed" counted from the TRX results. Exit status: non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
results="${PIXTOOLS_TEST_RESULTS:-TestResults}"
rm -rf "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# exiftool writes the EXIF that the metadata and orientation tests read back (they fail, never skip, without it).
# Idempotent: nothing happens when it is installed; the package lists are refreshed only when the install needs it.
if ! command -v exiftool >/dev/null; then
  as_root=""; [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root apt-get install -y libimage-exiftool-perl \
    || { $as_root apt-get update && $as_root apt-get install -y libimage-exiftool-perl; } \
    || { echo "could not install exiftool (libimage-exiftool-perl)" >&2; exit 1; }
fi

dotnet restore PixTools.slnx || exit 1
dotnet build PixTools.slnx -c Release --no-restore || exit 1

dotnet test PixTools.slnx -c Release --no-build --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=2400000
status=$?

scripts/count-results.sh "$results"
counted=$?
[ "$status" -ne 0 ] && exit "$status"
exit "$counted"
