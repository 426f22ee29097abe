import type { Journal } from "./journal.js";
import { explain } from "./report-explain.js";
import { escapeAttribute, escapeText, failedExpectations, secondsBetween, timelineLine } from "./report-format.js";

const STEADY_STATE_BROKEN = "steady state did not hold before injection";

const runSeconds = (journal: Journal) => Math.max(0, secondsBetween(journal.startedAt, journal.endedAt));

/** JUnit XML for CI: one test case per run, named by experiment id. */
export function junitXml(journals: Journal[], suiteName = "firebreak-chaos"): string {
  const count = (verdict: Journal["verdict"]) => journals.filter((journal) => journal.verdict === verdict).length;
  const time = journals.reduce((sum, journal) => sum + runSeconds(journal), 0);
  const earliest = journals.map((journal) => journal.startedAt).sort()[0];
  const attributes = [
    `name="${escapeAttribute(suiteName)}"`,
    `tests="${journals.length}"`,
    `failures="${count("fail")}"`,
    // An invalid run proved nothing: an error, which CI shows red, not a skip, which many CIs show green.
    `errors="${count("error") + count("invalid")}"`,
    `skipped="0"`,
    `time="${time.toFixed(3)}"`,
    // The JUnit schema's timestamp has no time zone; the runner writes UTC.
    ...(earliest ? [`timestamp="${escapeAttribute(earliest.slice(0, 19))}"`] : []),
  ];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuite ${attributes.join(" ")}>`,
    ...journals.map(testCase),
    `</testsuite>`,
    "",
  ].join("\n");
}

function testCase(journal: Journal): string {
  const name = escapeAttribute(journal.experiment.id);
  return [
    `  <testcase classname="chaos" name="${name}" time="${runSeconds(journal).toFixed(3)}">`,
    ...outcome(journal).map((line) => `    ${line}`),
    `    <system-out>${escapeText(systemOut(journal))}</system-out>`,
    `  </testcase>`,
  ].join("\n");
}

function outcome(journal: Journal): string[] {
  switch (journal.verdict) {
    case "pass":
      return [];
    case "fail": {
      const details = failedExpectations(journal).map((e) => `[${e.kind}] ${e.name}: ${e.detail}`);
      const message = journal.reason ?? "an expectation did not hold";
      return [
        `<failure message="${escapeAttribute(message)}" type="expectation">${escapeText(details.join("\n"))}</failure>`,
      ];
    }
    case "error": {
      const errors = journal.timeline.filter((entry) => entry.kind === "error").map((entry) => entry.message);
      const message = journal.reason ?? "the chaos runner failed";
      return [`<error message="${escapeAttribute(message)}" type="runner">${escapeText(errors.join("\n"))}</error>`];
    }
    case "invalid":
      return [`<error message="${escapeAttribute(invalidMessage(journal))}" type="invalid"/>`];
  }
}

function invalidMessage(journal: Journal): string {
  const brokenProbes = journal.steadyState
    .filter((probe) => !probe.ok)
    .map((probe) => `${probe.name} = ${probe.value ?? "no data"} (max ${probe.max})`);
  const why = journal.reason ?? brokenProbes.join("; ");
  return why.toLowerCase().startsWith(STEADY_STATE_BROKEN) ? why : `${STEADY_STATE_BROKEN}: ${why}`;
}

function systemOut(journal: Journal): string {
  return [
    "What happened:",
    ...explain(journal).map((sentence) => `  ${sentence}`),
    "",
    "Timeline:",
    ...journal.timeline.map((entry) => timelineLine(journal, entry)),
  ].join("\n");
}
