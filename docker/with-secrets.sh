#!/bin/sh
# Starts a compose container's own entrypoint with the passwords the `secrets` one-shot minted
# (docker/mint-secrets.ts), read from its volume at /run/firebreak. PostgreSQL's init script, Redis's
# and ClickHouse's users, Connect's config provider and the services take a password only from an
# environment variable (or a URL holding it), so the files become variables here, never in .env.
#   FIREBREAK_SECRETS: the variables to set, each from the file of that name in /run/firebreak/env;
#   FIREBREAK_EXPAND:  variables whose value holds ${NAME} placeholders for those (a connection URL),
#                      expanded here; docker-compose.yml writes them as $${NAME}.
set -eu
for name in ${FIREBREAK_SECRETS:-}; do
  value=$(cat "/run/firebreak/env/$name")
  export "$name=$value"
done
# Only docker-compose.yml's own values are evaluated; a password is substituted, never evaluated itself.
for name in ${FIREBREAK_EXPAND:-}; do
  eval "template=\${$name}"
  eval "export $name=\"$template\""
done
unset FIREBREAK_SECRETS FIREBREAK_EXPAND
exec "$@"
