#!/bin/sh
# The compose Redis with the stack's users (stack/conf/redis/users.acl): each password (from the secrets
# one-shot, set by docker/with-secrets.sh) goes into the ACL file as its SHA-256, so neither the file
# nor Redis's command line holds a password.
set -eu
acl=/tmp/users.acl
hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
sed -e "s/\${FB_REDIS_ADMIN_SHA256}/$(hash "$REDIS_ADMIN_PASSWORD")/" \
    -e "s/\${FB_REDIS_GATEWAY_SHA256}/$(hash "$REDIS_GATEWAY_PASSWORD")/" \
    -e "s/\${FB_REDIS_ORDERS_SHA256}/$(hash "$REDIS_ORDERS_PASSWORD")/" \
    -e "s/\${FB_REDIS_EXPORTER_SHA256}/$(hash "$REDIS_EXPORTER_PASSWORD")/" \
    /firebreak/users.acl > "$acl"
# The image's own entrypoint, which runs Redis as its redis user.
exec docker-entrypoint.sh redis-server --appendonly yes --save "" --aclfile "$acl"
