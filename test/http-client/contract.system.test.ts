// The typed HTTP clients stay bound to the server's contract: the committed OpenAPI document
// (client/http/openapi.json, the input of both generated clients) is the one the real server
// serves, and client/http/schema.ts is openapi-typescript's output for it. With both current,
// a changed route changes the types every caller of client/http is checked against
// (`deno check`), and the Python client (bindings/python/tests/test_http_generated.py) with it.
// A failure here means: run scripts/clients.sh, then fix what no longer type-checks.

import { readFileSync } from "node:fs";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { clientTypes, DOCUMENT_PATH, formatDocument, serverDocument, TYPES_PATH } from "../../scripts/dev/openapi.ts";

const HINT = "stale: regenerate with scripts/clients.sh and commit the result";

test("client/http/openapi.json is the document the server serves", async () => {
  const served = formatDocument(await serverDocument());
  assert.ok(served === readFileSync(DOCUMENT_PATH, "utf8"), HINT);
}, { timeoutMs: 90_000 });

test("client/http/schema.ts is openapi-typescript's output for client/http/openapi.json", async () => {
  const types = await clientTypes(readFileSync(DOCUMENT_PATH, "utf8"));
  assert.ok(types === readFileSync(TYPES_PATH, "utf8"), HINT);
}, { timeoutMs: 30_000 });
