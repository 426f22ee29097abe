import { createRequire } from "node:module";
import { Kafka, logLevel, type KafkaConfig } from "kafkajs";

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' own re-check interval while requests wait behind a full in-flight window. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/**
 * kafkajs 2.2.4 re-arms a timer of no delay after every check of a connection's request queue, even
 * when nothing waits in it (tulios/kafkajs#1556, its fix #1667 unreleased): every connection wakes its
 * event loop about a thousand times a second, forever: 2–4% of a core per idle service (less under
 * load, when the loop is awake anyway). The queue is checked again whenever a request is pushed or
 * answered, so a queue with nothing pending needs no timer: this arms one only while requests wait,
 * at the throttle's end or at kafkajs' own interval, exactly as kafkajs does then.
 */
export function scheduleOnlyWhilePending(this: RequestQueue): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

let patched = false;

function patchRequestQueue(): void {
  if (patched) return;
  // kafkajs has no exports map, so its internal module is the very one its connections load.
  const RequestQueue = createRequire(import.meta.url)("kafkajs/src/network/requestQueue/index.js") as {
    prototype: RequestQueue;
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleOnlyWhilePending;
  patched = true;
}

/** The Kafka client every service builds its consumers and producers from. */
export function kafkaClient(
  clientId: string,
  brokers: string[],
  level: logLevel = logLevel.WARN,
  connection: Pick<KafkaConfig, "retry" | "connectionTimeout"> = {},
): Kafka {
  patchRequestQueue();
  return new Kafka({ clientId, brokers, logLevel: level, ...connection });
}
