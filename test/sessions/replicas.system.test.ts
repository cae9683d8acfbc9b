// Sessions across replicas: two real server processes on one PostgreSQL (and one SoftHSM2
// token). A session established on A seals on B, opens on A, confirms on B; deleted on A, B
// says not found within the invalidation bound. An expired session is refused on both (410
// once, then not found). A session survives a restart of its replica and a root-key rotation
// (its envelope is re-wrapped, the old root destroyed). Someone who writes the database cannot
// hand a session to another token nor swap two sessions' keys: the rows no longer open.

import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { toBase64Url } from "../../src/common/base64url.ts";
import { open, seal } from "../../examples/session-protocol.ts";
import { INVALIDATION_BOUND_MS, within } from "../cache/support.ts";
import { type Call, caller, json, replicaEnv } from "../ops/support.ts";
import assert from "../support/assert.ts";
import { softHsmToken } from "../support/devices.ts";
import { test } from "../support/harness.ts";
import { Postgres } from "../support/postgres.ts";
import { tempDir } from "../support/pq.ts";
import { startServer } from "../support/runtime.ts";
import { b64, bytes, clientKeySecrets, NOBLE, utf8 } from "./support.ts";

const SLOW = { timeoutMs: 240_000 };
const kem = NOBLE["ML-KEM-768"];

/** A client-key session established through `call`, with what the client derived. */
async function establish(call: Call, ttlSeconds?: number) {
  const { publicKey, secretKey } = kem.keygen();
  const body = { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(publicKey), ttlSeconds };
  const session = await json(call("POST", "/v1/sessions", body), 201);
  const id = String(session.sessionId);
  const secrets = await clientKeySecrets(session, { publicKey, secretKey });
  assert.deepEqual(bytes(session.confirmation), secrets.gatewayConfirmation, "the client's confirmation check");
  const expiresAt = Date.parse(String(session.expiresAt));
  return { id, hexId: Buffer.from(bytes(id)).toString("hex"), secrets, expiresAt };
}

/** The status and problem type of a response (body consumed). */
async function outcome(res: Promise<Response>): Promise<string> {
  const r = await res;
  const text = await r.text();
  const type = r.status >= 400 ? (JSON.parse(text) as { type?: string }).type ?? "" : "";
  return `${r.status} ${type.replace("urn:pqgate:problem:", "")}`.trim();
}

const sealCall = (call: Call, id: string, text = "ping") =>
  call("POST", `/v1/sessions/${id}/seal`, { plaintext: b64(utf8(text)) });

test("a session moves across replicas; ending, expiry, restart, root rotation and database tampering", async () => {
  await using pg = await Postgres.start();
  using token = softHsmToken();
  using dir = tempDir();
  const admin = `pqg_${toBase64Url(new Uint8Array(randomBytes(32)))}`;
  const url = await pg.createDatabase();
  const env = { ...replicaEnv(url, token.label, dir.path, admin), PQGATE_CACHE_TTL_SECONDS: "300" };
  let serverA = await startServer(env);
  await using serverB = await startServer(env);
  const direct = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const adminA = caller(serverA, admin);
    const newToken = async () =>
      await json(adminA("POST", "/v1/tokens", { name: "s", scopes: ["sessions:use"], keyPattern: "*" }), 201) as {
        id: string;
        secret: string;
      };
    const user = await newToken();
    const neighbour = await newToken();
    let a = caller(serverA, user.secret);
    const b = caller(serverB, user.secret);
    const bNeighbour = caller(serverB, neighbour.secret);

    // Established on A, sealed on B, opened on A, confirmed on B.
    const s = await establish(a);
    const sealedByB = bytes((await json(sealCall(b, s.id, "from B"))).sealed);
    assert.deepEqual(
      await open(s.secrets.sessionKey, new Uint8Array(), sealedByB),
      utf8("from B"),
      "the client opens B's",
    );
    const aad = utf8("context");
    const sealedByClient = await seal(s.secrets.sessionKey, aad, utf8("from the client"));
    const opened = await json(a("POST", `/v1/sessions/${s.id}/open`, { sealed: b64(sealedByClient), aad: b64(aad) }));
    assert.deepEqual(bytes(opened.plaintext), utf8("from the client"));
    assert.deepEqual(
      await json(b("POST", `/v1/sessions/${s.id}/confirm`, { confirmation: b64(s.secrets.clientConfirmation) })),
      { confirmed: true },
    );
    // A neighbour token of the same owner: not found, on either replica.
    assert.equal(await outcome(sealCall(bNeighbour, s.id)), "404 session-not-found");
    assert.equal(await outcome(sealCall(caller(serverA, neighbour.secret), s.id)), "404 session-not-found");

    // Deleted on A: B, which holds it in its cache, says not found within the bound.
    assert.equal(await outcome(sealCall(b, s.id)), "200");
    assert.equal(await outcome(a("DELETE", `/v1/sessions/${s.id}`)), "204");
    await within(
      INVALIDATION_BOUND_MS,
      "B forgets the session A ended",
      async () => await outcome(sealCall(b, s.id)) === "404 session-not-found",
    );
    assert.equal(await outcome(sealCall(a, s.id)), "404 session-not-found");

    // A failed confirmation on B ends it on A too.
    const f = await establish(a);
    assert.equal(await outcome(sealCall(a, f.id)), "200");
    assert.equal(
      await outcome(b("POST", `/v1/sessions/${f.id}/confirm`, { confirmation: b64(new Uint8Array(32)) })),
      "422 session-confirmation-failed",
    );
    await within(
      INVALIDATION_BOUND_MS,
      "A forgets the session B ended",
      async () => await outcome(sealCall(a, f.id)) === "404 session-not-found",
    );

    // Expiry: refused on both replicas, 410 exactly once, then not found.
    const e = await establish(a, 3);
    assert.equal(await outcome(sealCall(b, e.id)), "200", "B holds it (cached) before it expires");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, e.expiresAt - Date.now()) + 200));
    const answers = [
      await outcome(sealCall(b, e.id)),
      await outcome(sealCall(a, e.id)),
      await outcome(sealCall(b, e.id)),
    ];
    assert.deepEqual(answers.toSorted(), ["404 session-not-found", "404 session-not-found", "410 session-expired"]);

    // Root rotation: a session B never opened is re-wrapped; B opens it under the new root.
    const r = await establish(a);
    const rootBefore = (await direct`select root_id from sessions where id = ${r.hexId}`)[0]?.root_id as Uint8Array;
    const report = await json(adminA("POST", "/v1/keystore/root/rotate"));
    assert.equal(report.sessionsRewrapped, 1, JSON.stringify(report));
    assert.ok((report.retired as number) >= 1, "the old root is destroyed");
    const rootAfter = (await direct`select root_id from sessions where id = ${r.hexId}`)[0]?.root_id as Uint8Array;
    assert.notDeepEqual(Buffer.from(rootAfter), Buffer.from(rootBefore));
    const sealedAfter = bytes((await json(sealCall(b, r.id, "after rotation"))).sealed);
    assert.deepEqual(await open(r.secrets.sessionKey, new Uint8Array(), sealedAfter), utf8("after rotation"));

    // Restart of A: the session lives on, in the database.
    await serverA[Symbol.asyncDispose]();
    serverA = await startServer(env);
    a = caller(serverA, user.secret);
    const sealedAfterRestart = bytes((await json(sealCall(a, r.id, "after restart"))).sealed);
    assert.deepEqual(await open(r.secrets.sessionKey, new Uint8Array(), sealedAfterRestart), utf8("after restart"));

    // Database writer: the session handed to the neighbour token opens for nobody.
    const t = await establish(a);
    assert.equal(await outcome(sealCall(b, t.id)), "200");
    await direct`update sessions set token_id = ${neighbour.id} where id = ${t.hexId}`;
    await within(
      INVALIDATION_BOUND_MS,
      "the moved session opens for nobody",
      async () =>
        await outcome(sealCall(bNeighbour, t.id)) === "404 session-not-found" &&
        await outcome(sealCall(b, t.id)) === "404 session-not-found",
    );
    assert.equal(await outcome(sealCall(caller(serverA, neighbour.secret), t.id)), "404 session-not-found");
    // Two sessions' keys swapped (and a life extended): neither opens.
    const [x, y] = [await establish(a), await establish(a)];
    await direct`update sessions set envelope = (select envelope from sessions where id = ${y.hexId}),
      confirmation = (select confirmation from sessions where id = ${y.hexId}) where id = ${x.hexId}`;
    await direct`update sessions set expires_at = expires_at + interval '1 day' where id = ${y.hexId}`;
    // A holds both in its cache: the rows' notifications drop them within the bound.
    for (const id of [x.id, y.id]) {
      for (const call of [a, b]) {
        await within(
          INVALIDATION_BOUND_MS,
          "a tampered session opens nowhere",
          async () => await outcome(sealCall(call, id)) === "404 session-not-found",
        );
      }
    }
    // Nothing leaked the plain key: the rows hold envelopes only.
    const rows = await direct`select envelope from sessions`;
    for (const row of rows) {
      assert.ok(!Buffer.from(row.envelope as Uint8Array).includes(Buffer.from(r.secrets.sessionKey)));
    }
  } finally {
    await direct.end();
    await serverA[Symbol.asyncDispose]();
  }
}, SLOW);
