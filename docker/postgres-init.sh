#!/usr/bin/env bash
# Runs once, on the first start of the compose Postgres: the same roles and databases as the
# native stack (stack/conf/postgres/setup.sql), with the passwords docker/with-secrets.sh set from the
# secrets one-shot.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U postgres -d postgres \
  -v orders_password="$ORDERS_DB_PASSWORD" -v inventory_password="$INVENTORY_DB_PASSWORD" \
  -v payments_password="$PAYMENTS_DB_PASSWORD" -v debezium_password="$DEBEZIUM_DB_PASSWORD" \
  -v orders_owner_password="$ORDERS_OWNER_DB_PASSWORD" -v inventory_owner_password="$INVENTORY_OWNER_DB_PASSWORD" \
  -v payments_owner_password="$PAYMENTS_OWNER_DB_PASSWORD" \
  -v monitor_password="$MONITOR_DB_PASSWORD" \
  -f /firebreak/setup.sql
