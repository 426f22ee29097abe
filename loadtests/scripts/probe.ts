// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- k6 globals such as __ENV come from @types/k6
/// <reference types="k6" />
// The smallest k6 script: a few requests to one URL, each checked. `firebreak`'s stack test
// runs it to prove that the k6 it built works; load profiles live beside it.
import http from "k6/http";
import { check } from "k6";

const TARGET = __ENV.TARGET_URL ?? "http://127.0.0.1:19090/-/ready";

export const options = {
  vus: 1,
  iterations: 5,
  thresholds: { checks: ["rate==1"], http_req_failed: ["rate==0"] },
};

export default function (): void {
  const response = http.get(TARGET, { tags: { name: "probe" } });
  check(response, { "status is 200": (r) => r.status === 200 });
}
