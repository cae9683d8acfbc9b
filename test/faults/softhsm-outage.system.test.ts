// The SoftHSM2 token is unplugged (its folder moved out of the token directory) while clients
// keep creating wrapped and token-resident keys and signing inside the token, against the real
// server on the PKCS#11 keystore: during the outage every answer is a 2xx or a 503
// keystore-unavailable problem (never a 500, never a hang); once the folder is back requests
// succeed again without restarting the server, every acknowledged key signs, the token's
// objects are intact and the audit chain verifies.

import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { pkcs11Tool, SOFTHSM_MODULE, type SoftHsmToken, softHsmToken, USER_PIN } from "../support/devices.ts";
import { opsServer, secretFile } from "../ops/support.ts";
import { tempDir } from "../support/pq.ts";

const MESSAGE = "aGVsbG8"; // "hello", base64url
const OUTAGE_MS = 3_000;
const WORKERS = 4;
/** Longer than any honest answer: a request still open after this is a hang. */
const HANG_MS = 20_000;

/** A key the server acknowledged (201), by name; `native` keys live in the token itself. */
interface Acknowledged {
  readonly name: string;
  readonly native: boolean;
}

/** One answer: when it came, what it was, and whether the key store was needed for it. */
interface Answer {
  readonly at: number;
  readonly status: number;
  readonly creation: boolean;
}

/** The real server on the PKCS#11 keystore of `token`, and a `fetch` as its admin that times out on a hang. */
async function pkcs11Gateway(token: SoftHsmToken, dir: string) {
  const gateway = await opsServer({
    PQGATE_KEYSTORE: "pkcs11",
    PQGATE_PKCS11_MODULE: SOFTHSM_MODULE,
    PQGATE_PKCS11_TOKEN: token.label,
    PQGATE_PKCS11_PIN_FILE: secretFile(dir, "pin", USER_PIN),
    PQGATE_RATE_LIMIT: "100000",
    PQGATE_RATE_BURST: "100000",
  });
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${gateway.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${gateway.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(HANG_MS),
    });
  return { gateway, call };
}

/** Asserts a 503 keystore-unavailable problem; a 500's incident is in `serverOutput`. */
async function keystoreUnavailable(res: Response, serverOutput = ""): Promise<void> {
  const text = await res.text();
  assert.equal(res.status, 503, `${text}\n${serverOutput}`);
  assert.equal(res.headers.get("content-type"), "application/problem+json", text);
  assert.equal(JSON.parse(text).type, "urn:pqgate:problem:keystore-unavailable", text);
}

test("unplug the SoftHSM token under traffic: 503 keystore-unavailable, then recovery", async () => {
  using token = softHsmToken();
  using dir = tempDir();
  const { gateway, call } = await pkcs11Gateway(token, dir.path);
  await using _gateway = gateway;
  const acknowledged: Acknowledged[] = [];
  const answers: Answer[] = [];
  /** Records an answer; anything but a 2xx or a 503 keystore-unavailable problem fails the test. */
  const record = async (res: Response, creation: boolean) => {
    answers.push({ at: performance.now(), status: res.status, creation });
    if (res.ok) await res.body?.cancel();
    else await keystoreUnavailable(res, gateway.server.output());
  };
  let names = 0;
  /** A new key: ML-DSA-44 wrapped by the token's root key, or Ed25519 generated in the token. */
  const create = async (native: boolean) => {
    const name = `k-${names++}`;
    const algorithm = native ? "Ed25519" : "ML-DSA-44";
    const res = await call("POST", "/v1/keys", { name, algorithm, ...(native ? { native } : {}) });
    if (res.status === 201) acknowledged.push({ name, native });
    await record(res, true);
  };
  /** A signature by a token-resident key: C_Sign in the token on every call. */
  const signNative = async () => {
    const natives = acknowledged.filter((k) => k.native);
    const key = natives[answers.length % natives.length];
    if (key !== undefined) await record(await call("POST", `/v1/keys/${key.name}/sign`, { message: MESSAGE }), false);
  };
  await create(false);
  await create(true);
  assert.equal(acknowledged.length, 2, gateway.server.output());

  let stop = false;
  const worker = async (id: number) => {
    for (let i = 0; !stop; i++) {
      const roll = (id + i) % 3;
      if (roll === 2) await signNative();
      else await create(roll === 1);
    }
  };
  const traffic = Promise.all(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  // Never rejects: a failed assertion ends the workers' loop at once and is rethrown below.
  const failed = traffic.then(() => undefined, (error: unknown) => {
    stop = true;
    return error;
  });
  const pause = (ms: number) => Promise.race([new Promise((r) => setTimeout(r, ms)), failed]);
  await pause(1_000);
  const unplugged = performance.now();
  let readyDuring: number;
  {
    using _outage = token.unplug();
    await pause(OUTAGE_MS / 2);
    readyDuring = (await call("GET", "/readyz")).status;
    await pause(OUTAGE_MS / 2);
  }
  const plugged = performance.now();
  const deadline = plugged + 15_000;
  const recovered = () => answers.some((a) => a.at > plugged && a.creation && a.status === 201);
  while (!recovered() && performance.now() < deadline && !stop) await pause(100);
  await pause(1_000);
  stop = true;
  const error = await failed;
  if (error !== undefined) throw error;

  const during = answers.filter((a) => a.at > unplugged && a.at < plugged);
  assert.ok(during.some((a) => a.status === 503), `no 503 while the token was unplugged: ${summary(during)}`);
  assert.equal(readyDuring, 503, "/readyz reports the token missing");
  const firstAfter = answers.find((a) => a.at > plugged && a.creation && a.status === 201);
  assert.ok(firstAfter !== undefined, `no creation succeeded after the token came back: ${summary(answers)}`);
  assert.equal((await call("GET", "/readyz")).status, 200);

  // Every acknowledged key works: wrapped ones unwrap (the root key is intact), token-resident
  // ones are still in the token and sign.
  for (const key of acknowledged) {
    const signed = await call("POST", `/v1/keys/${key.name}/sign`, { message: MESSAGE });
    assert.equal(signed.status, 200, `acknowledged key ${key.name}: ${await signed.text()}`);
  }
  const listed = pkcs11Tool(token.label, ["--list-objects", "--type", "privkey"]);
  assert.ok(listed.ok, listed.output);
  const inToken = listed.output.match(/pqgate-key\//g)?.length ?? 0;
  const nativeKeys = acknowledged.filter((k) => k.native).length;
  assert.ok(inToken >= nativeKeys, `${inToken} private keys in the token, ${nativeKeys} acknowledged`);
  const verdict = await (await call("GET", "/v1/audit/verify")).json();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
  assert.doesNotMatch(gateway.server.output(), /internal error/, "no internal fault was logged");
  console.log(
    `SoftHSM outage: ${answers.length} answers (${summary(answers)}); unplugged ${
      Math.round(plugged - unplugged)
    } ms (${summary(during)}); first creation ${
      Math.round(firstAfter.at - plugged)
    } ms after plugging back; ${acknowledged.length} keys acknowledged (${nativeKeys} in the token, ${inToken} token private keys)`,
  );
}, { timeoutMs: 120_000 });

// SoftHSM answers searches on a removed token with no objects rather than an error: the first
// request after the unplug must not take that for a missing key (422), and the keystore must not
// stay stuck on it once the token is back (SoftHSM forgets the token until it is re-initialised).
test("a token-resident key and an uncached wrapped key, used first after the unplug: 503, then 200", async () => {
  using token = softHsmToken();
  using dir = tempDir();
  const { gateway, call } = await pkcs11Gateway(token, dir.path);
  await using _gateway = gateway;
  const created = await Promise.all([
    call("POST", "/v1/keys", { name: "resident", algorithm: "Ed25519", native: true }),
    call("POST", "/v1/keys", { name: "wrapped", algorithm: "ML-DSA-44" }),
  ]);
  for (const res of created) assert.equal(res.status, 201, await res.text());
  const sign = (name: string) => call("POST", `/v1/keys/${name}/sign`, { message: MESSAGE });
  {
    using _outage = token.unplug();
    await keystoreUnavailable(await sign("resident"));
    await keystoreUnavailable(await sign("wrapped"));
    assert.equal((await call("GET", "/readyz")).status, 503);
  }
  for (const name of ["resident", "wrapped"]) {
    const signed = await sign(name);
    assert.equal(signed.status, 200, `${name} after the token is back: ${await signed.text()}`);
  }
  assert.equal((await call("GET", "/readyz")).status, 200);
  assert.doesNotMatch(gateway.server.output(), /internal error/, "no internal fault was logged");
}, { timeoutMs: 120_000 });

/** "status×count" for each status seen. */
function summary(answers: readonly Answer[]): string {
  const counts = new Map<number, number>();
  for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status}×${n}`).join(", ");
}
