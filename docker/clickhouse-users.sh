#!/bin/sh
# The compose ClickHouse with the stack's users (stack/conf/clickhouse/users.xml): each password (from
# the secrets one-shot, set by docker/with-secrets.sh) goes into users.xml as its SHA-256, and every
# user is reachable from the compose network.
set -eu
hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
sed -e "s/\${FB_CLICKHOUSE_ANALYTICS_WRITER_SHA256}/$(hash "$CLICKHOUSE_ANALYTICS_WRITER_PASSWORD")/" \
    -e "s/\${FB_CLICKHOUSE_ANALYTICS_READER_SHA256}/$(hash "$CLICKHOUSE_ANALYTICS_READER_PASSWORD")/" \
    -e 's|\${FB_CLICKHOUSE_CLIENTS}|::/0|' \
    /firebreak/users.xml > /etc/clickhouse-server/users.xml
# The image's own entrypoint, which runs the server as its clickhouse user.
exec /entrypoint.sh
