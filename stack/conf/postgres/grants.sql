-- One service database's privileges; included by setup.sql with :database, :service (the runtime
-- role) and :owner set. Idempotent.
\connect :database
REASSIGN OWNED BY :"service" TO :"owner";
-- After the move: a grant the runtime role held as owner passes to the new owner with the rest.
GRANT CONNECT ON DATABASE :"database" TO :"service";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"service";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"service";
-- Debezium reads the outbox for its snapshot; it can connect to the real databases only.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO debezium;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO debezium;
