import { topicOf } from "@firebreak/platform";
import type { ConnectorConfig } from "./connect-client.js";

export interface OutboxSource {
  /** The service whose database this connector reads. */
  service: string;
  host: string;
  port: number;
}

/**
 * Where Connect finds the database password: its worker's env config provider reads the variable
 * when a task starts, so the connector config (in the REST API and the config topic) holds only
 * this reference, never the password.
 */
export const DEBEZIUM_PASSWORD_VARIABLE = "DEBEZIUM_DB_PASSWORD";

export { topicOf };

export const connectorName = (service: string) => `${service}-outbox`;
export const slotName = (service: string) => `firebreak_${service}_outbox`;

/** Debezium's signalling table in each service database (services/platform/migrations/0003). */
export const SIGNAL_TABLE = "public.debezium_signal";

/**
 * One Debezium PostgreSQL connector per service database, reading only the outbox through the
 * publication the service's migration created, and turning each row into an event with the
 * outbox EventRouter: topic per aggregate type, key = aggregate id, event id, type and
 * traceparent in headers, the payload as plain JSON.
 */
export function outboxConnector(source: OutboxSource): ConnectorConfig {
  return {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "tasks.max": "1",
    "plugin.name": "pgoutput",
    "database.hostname": source.host,
    "database.port": String(source.port),
    "database.user": "debezium",
    "database.password": `\${env:${DEBEZIUM_PASSWORD_VARIABLE}}`,
    "database.dbname": source.service,
    "topic.prefix": `firebreak-cdc.${source.service}`,
    "table.include.list": "public.outbox",
    "publication.name": "firebreak_outbox",
    "publication.autocreate.mode": "disabled",
    "slot.name": slotName(source.service),
    "snapshot.mode": "initial",
    "tombstones.on.delete": "false",
    // Each saga step is one CDC hop; the default 500 ms poll would add up to half a second per hop.
    "poll.interval.ms": "100",
    // A quiet database still moves the slot forward, so WAL does not pile up behind it.
    "heartbeat.interval.ms": "10000",
    "heartbeat.action.query":
      "INSERT INTO debezium_heartbeat (id, beat_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at",
    // Where `firebreak cdc recover` asks for an incremental snapshot of the outbox after the slot was
    // lost; Debezium also writes the snapshot's window marks here. The table is in the publication
    // (Debezium reads signals from the change stream), but not in table.include.list.
    "signal.data.collection": SIGNAL_TABLE,
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    // The payload column is jsonb, which Debezium carries as its JSON text: written as it is, the
    // record's value is that JSON. Expanding it (table.expand.json.payload) and re-serialising it with
    // the JsonConverter gave the consumers the same JSON for a parse, a schema inference and a
    // re-encode of every event in Connect, its largest cost per order.
    "value.converter": "org.apache.kafka.connect.storage.StringConverter",
    // The signalling table's own change events are dropped before the EventRouter, which would fail
    // the task on a row that is not an outbox event.
    transforms: "signals,outbox",
    "transforms.signals.type": "org.apache.kafka.connect.transforms.Filter",
    "transforms.signals.predicate": "signalTable",
    predicates: "signalTable",
    "predicates.signalTable.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
    "predicates.signalTable.pattern": `firebreak-cdc\\.${source.service}\\.${SIGNAL_TABLE.replace(".", "\\.")}`,
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
    "transforms.outbox.route.topic.replacement": topicOf("${routedByValue}"),
    "transforms.outbox.table.fields.additional.placement": "type:header:type,traceparent:header:traceparent",
  };
}
