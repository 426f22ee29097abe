import { createSilence, expireSilence, listSilences, parseDuration, parseMatcher } from "../clients/alertmanager.js";
import { UsageError } from "../util/usage.js";

const operator = (m: { isRegex: boolean; isEqual: boolean }) => `${m.isEqual ? "" : "!"}${m.isRegex ? "=~" : "="}`;

/** firebreak silence add <matcher>… [--duration 2h] [--comment text] | list [--json] | expire <id> */
export async function silence(
  args: string[],
  options: { duration?: string; comment?: string; json: boolean },
): Promise<number> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case "add": {
      if (rest.length === 0)
        throw new UsageError("silence add needs at least one matcher, e.g. alertname=SagaCompletionFastBurn");
      const matchers = rest.map(parseMatcher);
      const durationMs = parseDuration(options.duration ?? "2h");
      const id = await createSilence(matchers, durationMs, options.comment ?? "maintenance window");
      process.stdout.write(`${id}\n`);
      return 0;
    }
    case "list": {
      const silences = (await listSilences()).filter((s) => s.status.state !== "expired");
      if (options.json) {
        process.stdout.write(`${JSON.stringify(silences, null, 2)}\n`);
        return 0;
      }
      for (const s of silences) {
        const matchers = s.matchers.map((m) => `${m.name}${operator(m)}${m.value}`).join(" ");
        process.stdout.write(`${s.id}  ${s.status.state}  until ${s.endsAt}  ${matchers}  (${s.comment})\n`);
      }
      return 0;
    }
    case "expire": {
      if (!rest[0]) throw new UsageError("silence expire needs the silence id that 'silence add' printed");
      await expireSilence(rest[0]);
      return 0;
    }
    default:
      throw new UsageError(`unknown silence subcommand '${subcommand ?? ""}': expected add, list or expire`);
  }
}
