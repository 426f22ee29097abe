export { loadConfig, ConfigError, port, url, brokers } from "./config.js";
export { createLogger, type Logger } from "./logger.js";
export { AppError, problemDetails, notFound, type InvalidParam } from "./errors.js";
export { methodNotAllowedError } from "./method-not-allowed.js";
export { healthRoutes, type ReadinessCheck } from "./health.js";
export {
  createPool,
  withTransaction,
  migrate,
  PLATFORM_MIGRATIONS,
  databaseConfig,
  DEFAULT_DEADLINES,
  type Deadlines,
  type Pool,
  type Tx,
} from "./db.js";
export { atCommit } from "./at-commit.js";
export { writeOutboxEvent, outboxValues, countOutboxEvent, type DomainEvent, type OutboxValues } from "./outbox.js";
export { claimEvent, claimEvents } from "./inbox.js";
export { decodeEvent, PoisonEvent, type ReceivedEvent } from "./event.js";
export {
  startConsumer,
  type AfterCommit,
  type ConsumerOptions,
  type EventHandler,
  type RunningConsumer,
} from "./consumer.js";
export { deadLetter } from "./dead-letter.js";
export { isPermanent, isTransient } from "./transient.js";
export { startConsumerInBackground, type BackgroundConsumer } from "./consumer-background.js";
export { incomingTraceparent } from "./event-context.js";
export {
  pruneOutboxAndInbox,
  startHousekeeping,
  DEFAULT_RETENTION,
  type Housekeeping,
  type Retention,
} from "./housekeeping.js";
export { onShutdown, closeServer, stopInOrder, type ShutdownStep } from "./shutdown.js";
export {
  startService,
  serve,
  bindHost,
  isShuttingDown,
  type ListenOptions,
  type BuildService,
  type ServiceBase,
  type ServiceDefinition,
  type StartedService,
  type StartOptions,
} from "./service.js";
export { openApiDocument, type Operation } from "./openapi.js";
export { registry, httpMetrics, metricsRoute, histogram, counter, gauge, primeHttpSeries } from "./metrics.js";
export { eventsConsumed } from "./messaging-metrics.js";
export { trackConsumerLag, measureLag, type LagTracker, type PartitionLag } from "./consumer-lag.js";
export { SUBSCRIPTIONS, topicOf } from "./subscriptions.js";
export { kafkaClient } from "./kafka-client.js";
export { METRICS, LABELS, HTTP_BUCKETS, SAGA_BUCKETS, FRESHNESS_BUCKETS } from "./metric-names.js";
export { serviceApp, type ServiceAppOptions } from "./service-app.js";
export { serverSpans } from "./server-span.js";
export { sleep, backoffMs, jittered } from "./backoff.js";
export { pollQuietly, pollSettled, pollUntil, type PollOptions } from "./poll.js";
export { currentTraceparent, contextOf, sampledTraceId, traceIdOf } from "./trace-context.js";
export { observeWithExemplar } from "./metrics.js";
export {
  requireCaller,
  requireOperator,
  requireApiKey,
  bearerMatches,
  bearerToken,
  callerOf,
  loadTokenPolicy,
  tokenConfig,
  CLOCK_TOLERANCE_SECONDS,
  OPERATOR_SCOPE,
  TOKEN_ALGORITHM,
  type Caller,
  type TokenPolicy,
} from "./auth.js";
export { VerifiedTokens } from "./verified-tokens.js";
export { headerParam, identifier } from "./fields.js";
