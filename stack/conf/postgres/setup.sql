-- Roles and databases of the native stack, applied by the supervisor after PostgreSQL is up.
-- Idempotent: run on every `firebreak up`. Passwords come from psql variables that
-- `firebreak up` generates once per stack (.firebreak/secrets.json), never from the repository.
\set ON_ERROR_STOP on

-- One database and one owning role per service.
SELECT format('CREATE ROLE %I LOGIN', name) FROM unnest(ARRAY['orders', 'inventory', 'payments']) AS name
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) \gexec
ALTER ROLE orders PASSWORD :'orders_password';
ALTER ROLE inventory PASSWORD :'inventory_password';
ALTER ROLE payments PASSWORD :'payments_password';

SELECT format('CREATE DATABASE %I OWNER %I', name, name) FROM unnest(ARRAY['orders', 'inventory', 'payments']) AS name
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = name) \gexec

-- Component tests get databases of their own, so that what they write directly (bypassing the
-- saga) never shows up in the integrity check of the real ones.
SELECT format('CREATE DATABASE %I OWNER %I', name || '_test', name) FROM unnest(ARRAY['orders', 'inventory', 'payments']) AS name
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = name || '_test') \gexec

-- `firebreak bench capacity` measures the database's own ceiling for the order-placement
-- transaction in a database of its own, which no connector reads.
SELECT 'CREATE DATABASE orders_bench OWNER orders' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'orders_bench') \gexec

-- Debezium: logical replication and read access to what the services grant it, nothing more.
-- No superuser, no CREATE: each service creates its own outbox publication in its migrations.
SELECT 'CREATE ROLE debezium LOGIN REPLICATION' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'debezium') \gexec
ALTER ROLE debezium PASSWORD :'debezium_password';
GRANT CONNECT ON DATABASE orders, inventory, payments TO debezium;

-- The Prometheus exporter: the built-in pg_monitor role reads statistics, never data.
SELECT 'CREATE ROLE monitor LOGIN IN ROLE pg_monitor' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'monitor') \gexec
ALTER ROLE monitor PASSWORD :'monitor_password';

\connect orders
ALTER DEFAULT PRIVILEGES FOR ROLE orders IN SCHEMA public GRANT SELECT ON TABLES TO debezium;
\connect inventory
ALTER DEFAULT PRIVILEGES FOR ROLE inventory IN SCHEMA public GRANT SELECT ON TABLES TO debezium;
\connect payments
ALTER DEFAULT PRIVILEGES FOR ROLE payments IN SCHEMA public GRANT SELECT ON TABLES TO debezium;
