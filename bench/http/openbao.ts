// The OpenBao (or Vault) Transit row: the gateway a user would otherwise pick, signing Ed25519
// on the same machine under the same load generator. Only when OPENBAO_ADDR is set (with
// OPENBAO_TOKEN); the bench never requires it. Transit takes `Authorization: Bearer`, so the
// load generator (bench/http/load.ts) drives it unchanged.

import { Buffer } from "node:buffer";
import { MESSAGE } from "../support/workload.ts";
import type { LoadRequest } from "./load.ts";

/** Where OpenBao listens and the token to use (from OPENBAO_ADDR / OPENBAO_TOKEN). */
export interface OpenBaoTarget {
  readonly url: string;
  readonly token: string;
}

/** The target from the environment, or `undefined` when OPENBAO_ADDR is unset. */
export function openBaoTarget(env: Readonly<Record<string, string | undefined>>): OpenBaoTarget | undefined {
  const url = env.OPENBAO_ADDR;
  if (url === undefined || url === "") return undefined;
  return { url: url.replace(/\/+$/, ""), token: env.OPENBAO_TOKEN ?? "" };
}

/**
 * Creates (idempotently) an Ed25519 Transit key at `mount` and returns the sign request the
 * load repeats. Throws with OpenBao's answer when it refuses.
 */
export async function openBaoSignRequests(target: OpenBaoTarget, mount = "transit"): Promise<LoadRequest[]> {
  const key = "pqgate-bench-ed25519";
  const res = await fetch(`${target.url}/v1/${mount}/keys/${key}`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "ed25519" }),
  });
  if (!res.ok) throw new Error(`OpenBao: creating the Transit key answered ${res.status} ${await res.text()}`);
  await res.body?.cancel();
  const body = JSON.stringify({ input: Buffer.from(MESSAGE).toString("base64") });
  return [{ path: `/v1/${mount}/sign/${key}`, body }];
}
