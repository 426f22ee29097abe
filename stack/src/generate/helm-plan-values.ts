import { stringify } from "yaml";
import { planCapacity } from "../bench/plan.js";
import { PLAN_INPUTS } from "../bench/plan-inputs.js";
import { generatedNotice } from "./notice.js";

/** The volume the chart's planned shape carries: the moonshot of the performance work. */
const PLANNED_OPS_PER_DAY = 100_000_000;
export const PLAN_VALUES_FILE = "deploy/helm/firebreak/values-plan-100m.yaml";

/**
 * The ha shape sized for 100 M operations a day by the capacity plan (docs/scale-out.md), to layer
 * over values-ha.yaml: each service autoscales up to the replicas the plan gives it, Kafka runs the
 * plan's brokers and partitions, k6 the plan's runners. The PSP simulator stays at one replica: it
 * keeps its ledger in its own process (a real provider scales on its own side).
 */
export function renderPlanValues(): Map<string, string> {
  const plan = planCapacity(PLANNED_OPS_PER_DAY, PLAN_INPUTS);
  const services = Object.fromEntries(
    plan.services
      .filter((service) => service.name !== "payment-provider")
      .map((service) => [
        service.name,
        { replicas: 2, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: Math.max(2, service.replicas) } },
      ]),
  );
  const values = {
    services,
    kafka: {
      replicas: plan.kafka.brokers,
      config: { "num.partitions": Math.max(...Object.values(plan.kafka.partitions)) },
    },
    load: { parallelism: plan.k6.parallelism },
  };
  const header = [
    `# ${generatedNotice("stack/src/generate/helm-plan-values.ts")}`,
    "# The ha shape sized for 100 M operations a day by `firebreak bench plan` (docs/scale-out.md):",
    "# helm install ... -f values-ha.yaml -f values-plan-100m.yaml",
  ].join("\n");
  return new Map([[PLAN_VALUES_FILE, `${header}\n${stringify(values)}`]]);
}
