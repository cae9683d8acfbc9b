/**
 * The TypeScript half of `scripts/clients.sh`: writes the OpenAPI document the real server
 * serves (`GET /openapi.json`) to `client/http/openapi.json`, and the types openapi-typescript
 * generates from it to `client/http/schema.ts`. The server is started on a free loopback port
 * with a temporary data folder, so every optional feature the server composes (sessions, data
 * keys, root key, sync) is in the document. `test/http-client/contract.system.test.ts` runs the
 * same functions and fails when either file is not what they give.
 *
 *   deno run -A scripts/dev/openapi.ts
 *
 * @module
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { startServer } from "./local-gateway.ts";

/** The committed OpenAPI document. */
export const DOCUMENT_PATH: string = new URL("../../client/http/openapi.json", import.meta.url).pathname;
/** The committed types generated from it. */
export const TYPES_PATH: string = new URL("../../client/http/schema.ts", import.meta.url).pathname;

/** The document as committed: two-space JSON and a final newline. */
export function formatDocument(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Starts a gateway with a temporary data folder and returns the OpenAPI document it serves. */
export async function serverDocument(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), "pqgate-openapi-"));
  try {
    await using server = await startServer({ PQGATE_DATA_DIR: dir });
    const res = await fetch(`${server.url}/openapi.json`);
    if (!res.ok) throw new Error(`GET /openapi.json: ${res.status}`);
    return await res.json();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** openapi-typescript's output for `document` (default options), as its command line writes it. */
export async function clientTypes(document: string): Promise<string> {
  // The parsed document, not a path or URL: openapi-typescript then reads nothing else.
  return `${COMMENT_HEADER}${astToString(await openapiTS(JSON.parse(document), { silent: true }))}`;
}

if (import.meta.main) {
  const document = formatDocument(await serverDocument());
  writeFileSync(DOCUMENT_PATH, document);
  writeFileSync(TYPES_PATH, await clientTypes(document));
  console.log(`wrote ${DOCUMENT_PATH} and ${TYPES_PATH}`);
}
