-- Roles and databases of the native stack, applied by the supervisor after PostgreSQL is up.
-- Idempotent: run on every `firebreak up`. Passwords come from psql variables that
-- `firebreak up` generates once per stack (.firebreak/secrets.json), never from the repository.
\set ON_ERROR_STOP on

-- Two roles per service. <service>_owner owns the database and its tables and runs the migrations;
-- <service> is what the running service connects as: reads and writes rows of its own tables,
-- nothing else. A compromised service can neither change the schema, nor DROP, nor reach another
-- service's database.
SELECT format('CREATE ROLE %I LOGIN', name)
  FROM unnest(ARRAY['orders', 'inventory', 'payments', 'orders_owner', 'inventory_owner', 'payments_owner']) AS name
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) \gexec
ALTER ROLE orders PASSWORD :'orders_password';
ALTER ROLE inventory PASSWORD :'inventory_password';
ALTER ROLE payments PASSWORD :'payments_password';
ALTER ROLE orders_owner PASSWORD :'orders_owner_password';
ALTER ROLE inventory_owner PASSWORD :'inventory_owner_password';
ALTER ROLE payments_owner PASSWORD :'payments_owner_password';

-- Component tests get databases of their own, so that what they write directly (bypassing the
-- saga) never shows up in the integrity check of the real ones.
SELECT format('CREATE DATABASE %I OWNER %I', name || suffix, name || '_owner')
  FROM unnest(ARRAY['orders', 'inventory', 'payments']) AS name, unnest(ARRAY['', '_test']) AS suffix
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = name || suffix) \gexec

-- `firebreak bench capacity` measures the database's own ceiling for the order-placement
-- transaction in a database of its own, which no connector reads.
SELECT 'CREATE DATABASE orders_bench OWNER orders_owner' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'orders_bench') \gexec

-- Debezium: logical replication and read access to what the owners grant it, nothing more. No
-- superuser, no CREATE: each service creates its own outbox publication in its migrations. pg_hba.conf
-- has no physical replication line, so REPLICATION cannot take a base backup of the cluster.
SELECT 'CREATE ROLE debezium LOGIN REPLICATION' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'debezium') \gexec
ALTER ROLE debezium PASSWORD :'debezium_password';

-- The Prometheus exporter: the built-in pg_monitor role reads statistics, never data.
SELECT 'CREATE ROLE monitor LOGIN IN ROLE pg_monitor' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'monitor') \gexec
ALTER ROLE monitor PASSWORD :'monitor_password';

-- Nobody connects to a database they were not given: PUBLIC loses the CONNECT it has by default.
REVOKE CONNECT ON DATABASE postgres, orders, orders_test, orders_bench, inventory, inventory_test, payments, payments_test FROM PUBLIC;
-- The exporter discovers every database and reads each one's statistics (pg_monitor), not its rows.
GRANT CONNECT ON DATABASE postgres, orders, orders_test, orders_bench, inventory, inventory_test, payments, payments_test TO monitor;
GRANT CONNECT ON DATABASE orders, inventory, payments TO debezium;

-- Per database: a stack created before the owner roles had the runtime role own everything, so
-- ownership moves to the owner (a no-op once done); then the runtime role gets rows, not schema.
\set service orders
\set owner orders_owner
\set database orders
\ir grants.sql
\set database orders_test
\ir grants.sql
\set service inventory
\set owner inventory_owner
\set database inventory
\ir grants.sql
\set database inventory_test
\ir grants.sql
\set service payments
\set owner payments_owner
\set database payments
\ir grants.sql
\set database payments_test
\ir grants.sql
\connect orders_bench
REASSIGN OWNED BY orders TO orders_owner;
