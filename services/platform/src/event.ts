import type { IHeaders, KafkaMessage } from "kafkajs";

/** An event as Debezium's EventRouter delivers it: key = aggregate id, id and type in headers, payload as JSON. */
export interface ReceivedEvent {
  id: string;
  type: string;
  aggregateId: string;
  topic: string;
  payload: unknown;
  /** When the event left its service: the record's timestamp, which Debezium stamps in ms since the epoch. */
  occurredMs: number;
  traceparent?: string;
}

/** An event that can never be handled, however often it is retried: it goes straight to the dead-letter topic. */
export class PoisonEvent extends Error {
  override name = "PoisonEvent";
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  // Debezium writes a header with a null value when the outbox column is NULL.
  return first === undefined || first === null ? undefined : first.toString();
}

export function decodeEvent(topic: string, message: KafkaMessage): ReceivedEvent {
  const id = header(message.headers, "id");
  const type = header(message.headers, "type");
  if (!id) throw new PoisonEvent("missing header 'id'");
  if (!type) throw new PoisonEvent("missing header 'type'");
  if (!message.value) throw new PoisonEvent("empty value");
  let payload: unknown;
  try {
    payload = JSON.parse(message.value.toString());
  } catch (error) {
    throw new PoisonEvent(`value is not JSON: ${(error as Error).message}`);
  }
  const traceparent = header(message.headers, "traceparent");
  return {
    id,
    type,
    topic,
    payload,
    occurredMs: Number(message.timestamp),
    aggregateId: message.key?.toString() ?? "",
    ...(traceparent ? { traceparent } : {}),
  };
}
