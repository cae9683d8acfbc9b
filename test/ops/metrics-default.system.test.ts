// /metrics is closed by default: the app as `serve` builds it from the default configuration
// (only the data folders moved to a temporary directory) refuses an unauthenticated scrape,
// even though the container listens on 0.0.0.0. PQGATE_METRICS_OPEN=true is the explicit opt-out.

import process from "node:process";
import { start } from "../../src/serve/start.ts";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { dataEnv } from "./support.ts";

/** `start` makes and migrates a PGlite database: slow on a loaded machine. */
const SLOW = { timeoutMs: 120_000 };

/** Starts the app from `extra` over the defaults, then scrapes once per entry of `authorizations`. */
async function scrape(extra: Record<string, string>, authorizations: (string | undefined)[]): Promise<Response[]> {
  using dir = tempDir();
  const lib = process.env.PQGATE_LIB;
  const started = await start({
    ...dataEnv(dir.path),
    ...(lib === undefined ? {} : { PQGATE_LIB: lib }),
    PQGATE_LOG_LEVEL: "error",
    ...extra,
  });
  try {
    const out: Response[] = [];
    for (const authorization of authorizations) {
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      out.push(await started.app.request("/metrics", { headers }));
    }
    return out;
  } finally {
    await started.close();
  }
}

test("metrics: with the default configuration an unauthenticated GET /metrics is refused", async () => {
  const [res, guessed] = await scrape({}, [undefined, "Bearer anything"]);
  assert.ok(res !== undefined && guessed !== undefined);
  assert.equal(res.status, 401, await res.clone().text());
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(res.headers.get("www-authenticate"), "Bearer");
  const body = await res.text();
  assert.doesNotMatch(body, /pqgate_/, "no metric leaks into the refusal");
  // Nor does a made-up bearer token open it: with no token file, no scrape is served.
  assert.equal(guessed.status, 401);
}, SLOW);

test("metrics: PQGATE_METRICS_OPEN=true serves them without a token", async () => {
  const [res] = await scrape({ PQGATE_METRICS_OPEN: "true" }, [undefined]);
  assert.equal(res?.status, 200);
  assert.match(await res?.text() ?? "", /^pqgate_ready /m);
}, SLOW);
