#!/usr/bin/env bash
# Adds a migration NAME for both providers (SQLite and PostgreSQL), each into its own folder.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Frontdesk --context "${provider}FrontdeskDbContext" \
    --output-dir "Data/Migrations/$provider"
done
