/** One line of the doctor's report: fail blocks the run, warn may hurt it, pass is fine. */
export interface Check {
  name: string;
  status: "pass" | "warn" | "fail";
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
  /** Every item the detail sums up when it lists only the first few (in --json). */
  items?: string[];
}

export function formatChecks(checks: Check[]): string {
  return checks
    .map((check) => {
      const line = `${check.status.toUpperCase().padEnd(5)} ${check.name.padEnd(15)} ${check.detail}`;
      return check.fix ? `${line}\n${" ".repeat(22)}fix: ${check.fix}` : line;
    })
    .join("\n");
}

export const blocking = (checks: Check[]) => checks.filter((check) => check.status === "fail");
