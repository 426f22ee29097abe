/** A mistake in how the CLI was called: the message names the bad value, and the exit code is 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `firebreak: load-test, break and observe a realistic event-driven system

Usage:
  firebreak install [--profile core|full]       provision the components (cached by version)
  firebreak up [--profile core|full] [--wait]   start the native stack under the supervisor
  firebreak build                               compile the services into services/*/dist (up does it too)
  firebreak status [--json]                     state of every component
  firebreak logs <component> [--lines N]        the tail of a component's log
  firebreak down [--volumes]                    stop the stack; --volumes also wipes its data
  firebreak cdc status [--json]                 connector and task states, replication-slot lag
  firebreak cdc recover <service> [--since TIME] [--json]
                                                after a lost replication slot: a fresh slot, and the outbox
                                                rows since the last published event sent again
  firebreak verify [--json] [--drain-timeout S] [--load ID|latest]
                                                integrity check: lost, duplicated, unexpected, stuck records;
                                                with --load, also against what a load test's clients were told
  firebreak slo generate [--drill-compression N] SLO specs → recording rules and burn-rate alerts
  firebreak load <profile> [--rate OPS] [--duration D] [--target URL]
                                                k6 load: smoke, average, peak, stress, spike, soak, breakpoint;
                                                exit 1 when an SLO threshold fails
  firebreak bench capacity [--rates OPS,OPS] [--duration D] [--variant NAME=VALUE] [--rounds N]
                                                pgbench anchors (placement, whole saga), then constant-rate
                                                plateaus judged on their SLOs, with marginal CPU per order;
                                                the variant's stack side by side, N rounds alternating
                                                (paired ratios and their median); JSON and markdown
  firebreak chaos run <experiment>... | --all [--drill] [--stack native|compose]
                                                chaos experiments under load with verdicts; a live timeline,
                                                then a journal, JUnit XML and an HTML report per run
  firebreak chaos list | validate [file...]     the experiments in chaos/experiments, validated
  firebreak drill [experiment]                  the stack up, load, one experiment with its alerts
                                                enforced, explained for a newcomer (npm start)
  firebreak dlq list|replay <group> [--json]    events a consumer group dead-lettered, with why; replay sends
                                                those not replayed before back through the normal path
  firebreak alerts [--since TIME] [--json]      alerts Alertmanager notified (page/ticket), as recorded
  firebreak silence add <matcher>... [--duration 2h] [--comment TEXT]
                                                silence alerts for a maintenance window; prints its id
  firebreak silence list [--json] | expire <id> active silences; end one early
  firebreak token [--customer ID | --operator]  print a dev JWT for the gateway (valid 24 h): a customer's,
                                                or an operator's that reads every customer and analytics
  firebreak where                               print URLs, ports and how to stop the stack
  firebreak open [dashboard]                    print (and on a desktop, open) a dashboard's URL in Perses:
                                                slo-overview, service-red, saga-pipeline, infrastructure, load-test
  firebreak --help

Environment:
  FIREBREAK_CACHE   downloads and builds (default: ~/.cache/firebreak)
  FIREBREAK_STATE   configs, data and logs of the running stack (default: <checkout>/.firebreak)
  FIREBREAK_TRACING on (default) or off: start the services with the OpenTelemetry SDK disabled
  FIREBREAK_TRACE_SAMPLE_RATIO  share of new traces recorded, 0-1 (default 0.1; 1 records every trace)
  FIREBREAK_PROXIES on (default) or bypass: clients connect to each component directly, not through
                    its Toxiproxy proxy (to measure what the proxies cost; chaos needs them on)
  FIREBREAK_DASHBOARD_URL  the Perses that dashboard links point at (default: the native stack's)
  FIREBREAK_SERVICE_RUNTIME  compiled (default: the services' dist/, built by up) or tsx (their
                    TypeScript sources through the tsx loader, no rebuild after an edit)
`;
