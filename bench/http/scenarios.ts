// The HTTP operations measured, each with the native operation that bounds it (its "ceiling"):
// sign and verify with stored keys, session-key establishment (client-key ML-KEM-768) and seal.
// `prepare` creates one session through the API and returns each request body. Seal comes
// before establish: the establish load fills the owner's session quota, evicting the oldest.

import { Buffer } from "node:buffer";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import type { OperationId } from "../support/workload.ts";
import { MESSAGE } from "../support/workload.ts";
import type { LoadRequest } from "./load.ts";

export interface Scenario {
  readonly name: string;
  /** The native operation whose criterion time gives the ceiling. */
  readonly ceiling: OperationId;
  /** Sessions live in one process's memory: such a scenario runs single-process only. */
  readonly singleProcessOnly: boolean;
  readonly requests: LoadRequest[];
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");

async function post(url: string, token: string, path: string, body: unknown): Promise<Record<string, string>> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json() as Record<string, string>;
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates the benchmark keys (idempotent across gateway restarts on the same database). */
export async function createKeys(url: string, token: string): Promise<void> {
  for (const [name, algorithm] of [["bench-ml-dsa-65", "ML-DSA-65"], ["bench-ed25519", "Ed25519"]]) {
    await post(url, token, "/v1/keys", { name, algorithm });
  }
}

export async function prepare(url: string, token: string): Promise<Scenario[]> {
  const message = b64(MESSAGE);
  const { signature = "" } = await post(url, token, "/v1/keys/bench-ml-dsa-65/sign", { message });
  const client = ml_kem768.keygen();
  const establish = { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(client.publicKey) };
  const { sessionId = "" } = await post(url, token, "/v1/sessions", establish);
  const body = (value: unknown): string => JSON.stringify(value);
  return [
    {
      name: "sign ML-DSA-65",
      ceiling: "ml-dsa-65/sign",
      singleProcessOnly: false,
      requests: [{ path: "/v1/keys/bench-ml-dsa-65/sign", body: body({ message }) }],
    },
    {
      name: "sign Ed25519",
      ceiling: "ed25519/sign",
      singleProcessOnly: false,
      requests: [{ path: "/v1/keys/bench-ed25519/sign", body: body({ message }) }],
    },
    {
      name: "verify ML-DSA-65",
      ceiling: "ml-dsa-65/verify",
      singleProcessOnly: false,
      requests: [{ path: "/v1/keys/bench-ml-dsa-65/verify", body: body({ message, signature }) }],
    },
    {
      name: "session seal 1 KiB",
      ceiling: "aes-256-gcm/seal-1KiB",
      singleProcessOnly: true,
      requests: [{ path: `/v1/sessions/${sessionId}/seal`, body: body({ plaintext: b64(new Uint8Array(1024)) }) }],
    },
    {
      name: "session establish ML-KEM-768",
      ceiling: "ml-kem-768/encaps",
      singleProcessOnly: false,
      requests: [{ path: "/v1/sessions", body: body(establish) }],
    },
  ];
}
