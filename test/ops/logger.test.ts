// The JSON logger: levels below the threshold are dropped, the line's own members win over
// the caller's fields, and an Error is reduced to name and message (the stack only at debug).

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { jsonLogger } from "../../src/logger.ts";

test("jsonLogger filters by level and keeps time, level and msg its own", () => {
  const lines: string[] = [];
  const logger = jsonLogger("warn", (line) => lines.push(line));
  logger.info("dropped");
  logger.warn("kept", { level: "forged", msg: "forged", requestId: "r-1" });
  logger.error("failed", { error: new TypeError("bad input") });
  const [warned, failed] = lines.map((line) => JSON.parse(line));
  assert.equal(lines.length, 2);
  assert.equal(warned.level, "warn");
  assert.equal(warned.msg, "kept");
  assert.equal(warned.requestId, "r-1");
  assert.ok(!Number.isNaN(Date.parse(warned.time)));
  assert.deepEqual(failed.error, { name: "TypeError", message: "bad input" });
  const debug: string[] = [];
  jsonLogger("debug", (line) => debug.push(line)).debug("trace", { error: new Error("x") });
  assert.match(JSON.parse(debug[0] ?? "{}").error.stack, /Error: x/);
});
