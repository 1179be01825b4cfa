#!/usr/bin/env bash
# Regenerates the committed claims catalogue (features/src/main/resources/claims/claims.json)
# from the claim files and their INDEX.md.
#
#   ci/regenerate-claims.sh [CLAIMS_DIR]      # default: ../shared/claims beside the repository
#
# The parser checks every family's claim count and independent claims against INDEX.md and stops
# with a message if they differ. Commit the regenerated file together with any change to the claims.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
claims_dir=${1:-"$root/../shared/claims"}
out="$root/features/src/main/resources/claims/claims.json"
if [ ! -f "$claims_dir/INDEX.md" ]; then
  echo "regenerate-claims: no INDEX.md in $claims_dir (pass the claims directory as the first argument)" >&2
  exit 2
fi
cd "$root"
./mvnw -q -B -pl reports -am compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -pl reports dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
java -cp "reports/target/classes:$(cat "$cp_file")" dev.fcspec.reports.claims.GenerateClaimCatalogue "$claims_dir" "$out"
