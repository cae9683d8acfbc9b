// The /docs reference page in Debian's headless Chromium, against the real server process of
// the runtime running the tests: after render every operation of /openapi.json is listed, the
// sign request's fields and a curl example for it are shown, the screenshot is a real picture,
// and the page made no request outside 127.0.0.1 (the browser's net log records every request;
// no other host even resolves). A control page that does load from elsewhere shows the net log
// check catches it. Without Chromium this says SKIPPED, and fails under CI=true.

import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { startServer } from "../support/runtime.ts";
import { findChromium, loadPage, type NetRequest, pageRequests, visibleText } from "../support/chromium.ts";

const SLOW = { timeoutMs: 120_000 };
/** The browser's share of the run (the server's start, a PGlite initdb, is not counted). */
const BROWSER_BUDGET_MS = 30_000;

interface Operation {
  readonly summary?: string;
  readonly tags?: string[];
  readonly requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Schema {
  readonly $ref?: string;
  readonly properties?: Record<string, unknown>;
  readonly anyOf?: Schema[];
}
interface OpenApi {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { schemas: Record<string, Schema> };
}

const hostOf = (r: NetRequest) => new URL(r.url).hostname;

test("/docs renders the API reference in headless Chromium, from this origin alone", async () => {
  const browser = findChromium("the /docs browser check");
  if (browser === undefined) return;
  using dir = tempDir();
  await using server = await startServer({
    PQGATE_DB_DIR: join(dir.path, "db"),
    PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
    PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "initial-admin-token"),
  });
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApi;
  const sign = doc.paths["/v1/keys/{name}/sign"]?.post;
  const body = sign?.requestBody?.content["application/json"]?.schema;
  const resolve = (schema: Schema | undefined) =>
    schema?.$ref === undefined ? schema : doc.components.schemas[schema.$ref.split("/").pop() ?? ""];
  // The request is a union (a message, or an ML-DSA external mu): the page shows the first form.
  const signSchema = resolve(body?.anyOf?.[0] ?? body);
  const signFields = Object.keys(signSchema?.properties ?? {});
  assert.ok(sign?.summary !== undefined && signFields.includes("message"), "the document describes the sign request");
  const summaries = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.summary ?? ""));

  const started = Date.now();
  // The sign operation's own link, so that its section is rendered (the renderer renders lazily).
  const signLink = `${server.url}/docs#tag/${sign.tags?.[0]}/POST/v1/keys/{name}/sign`;
  const rendered = await loadPage(browser, dir.path, "dom", signLink, { dumpDom: true });
  const screenshot = join(dir.path, "docs.png");
  const shot = await loadPage(browser, dir.path, "shot", `${server.url}/docs`, { screenshot });
  assert.ok(Date.now() - started < BROWSER_BUDGET_MS, `the browser runs took ${Date.now() - started} ms`);

  // Every operation is listed (the navigation holds all of them), not just the first few.
  const text = visibleText(rendered.dom);
  const missing = summaries.filter((s) => !text.includes(s));
  assert.deepEqual(missing, [], `operations listed: ${summaries.length - missing.length} of ${summaries.length}`);

  // The sign request's fields, each with its own anchor inside the sign operation's section.
  for (const field of signFields) {
    const anchor = new RegExp(`id="[^"]*/POST/v1/keys/\\{name\\}/sign\\.body\\.${field}"`);
    assert.ok(anchor.test(rendered.dom), `the sign request's field ${field} has its anchor`);
  }
  const section = rendered.dom.slice(rendered.dom.search(/id="[^"]*\/POST\/v1\/keys\/\{name\}\/sign"/));
  for (const field of signFields) assert.ok(visibleText(section).includes(` ${field} `), `${field} is visible`);

  // A curl example for the sign operation, addressed to the gateway serving the page.
  const curls = [...rendered.dom.matchAll(/<code class="hljs language-curl"[^>]*>([\s\S]*?)<\/code>/g)]
    .map((m) => visibleText((m[1] ?? "").replace(/<[^>]+>/g, "")).trim());
  const signCurl = curls.find((c) => c.startsWith(`curl ${server.url}/v1/keys/`) && /\/sign \\/.test(c));
  assert.ok(signCurl !== undefined, `a curl example of the sign operation among ${curls.length}`);
  assert.match(signCurl, /--request POST/);
  assert.match(signCurl, /--data '\{.*"message"/);

  // A real picture: PNG, the window's size, and more than a blank page's few kilobytes.
  const png = readFileSync(screenshot);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 1600]);
  assert.ok(png.length > 50_000, `screenshot of ${png.length} bytes`);

  // Nothing but this origin: the net log of both runs, and no CSP violation reported.
  for (const run of [rendered, shot]) {
    const requests = pageRequests(run.requests);
    const urls = requests.map((r) => new URL(r.url).pathname);
    for (const expected of ["/docs", "/openapi.json"]) assert.ok(urls.includes(expected), `${expected} in ${urls}`);
    assert.ok(urls.some((u) => u.startsWith("/docs/assets/reference.")), "the bundle came from the gateway");
    assert.deepEqual(requests.filter((r) => hostOf(r) !== "127.0.0.1").map((r) => r.url), []);
    assert.deepEqual(run.console.filter((line) => /Refused to|Content Security Policy/i.test(line)), []);
  }
}, SLOW);

test("the net log check sees a page load from another host", async () => {
  const browser = findChromium("the /docs browser check");
  if (browser === undefined) return;
  using dir = tempDir();
  const control = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end('<!doctype html><script src="http://cdn.example.com/renderer.js"></script><p>control</p>');
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  try {
    const address = control.address();
    assert.ok(typeof address === "object" && address !== null);
    const run = await loadPage(browser, dir.path, "control", `http://127.0.0.1:${address.port}/`, { dumpDom: true });
    assert.match(run.dom, /control/);
    const remote = new Set(pageRequests(run.requests).filter((r) => hostOf(r) !== "127.0.0.1").map(hostOf));
    assert.deepEqual([...remote], ["cdn.example.com"]);
  } finally {
    await new Promise((resolve) => control.close(resolve));
  }
}, SLOW);
