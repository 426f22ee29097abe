import { SUBSCRIPTIONS } from "@firebreak/platform";
import { listDeadLetters, replayDeadLetters, type DeadLetter } from "../clients/dlq.js";
import { UsageError } from "../util/usage.js";

/** The consumer groups that dead-letter: the saga's (the analytics sink retries instead). */
const GROUPS = Object.keys(SUBSCRIPTIONS).filter((group) => group !== "analytics");
/** Where replays of a group's dead letters have got to. */
export const replayGroupOf = (group: string) => `firebreak-dlq-replay.${group}`;

const line = (letter: DeadLetter) =>
  `${`${letter.partition}/${letter.offset}`.padEnd(8)}  ${(letter.eventType ?? "?").padEnd(18)}  ${letter.eventId ?? "?"}  ${letter.reason}`;

/**
 * firebreak dlq list <group> [--json]: the events a consumer group set aside, with why.
 * firebreak dlq replay <group>: sends those not replayed before back through the normal path.
 */
export async function dlq(args: string[], json: boolean): Promise<number> {
  const [action, group] = args;
  if (action !== "list" && action !== "replay") {
    throw new UsageError(`unknown dlq action '${action ?? ""}': expected list or replay`);
  }
  if (group === undefined || !GROUPS.includes(group)) {
    throw new UsageError(`bad consumer group '${group ?? ""}': expected one of ${GROUPS.join(", ")}`);
  }
  const letters =
    action === "list"
      ? await listDeadLetters(`${group}.dlq`)
      : await replayDeadLetters(`${group}.dlq`, replayGroupOf(group));
  if (json) {
    process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
    return 0;
  }
  for (const letter of letters) process.stdout.write(`${line(letter)}\n`);
  const what = action === "list" ? "dead letters in" : "dead letters replayed from";
  process.stdout.write(`${letters.length} ${what} ${group}.dlq\n`);
  return 0;
}
