/**
 * The operations the crash test fires at a gateway until it dies: key creations, rotations,
 * and device approvals (register, prove possession, approve by a trusted device). Each one
 * that is answered 2xx goes into the {@link Ledger}; a connection cut by the kill is expected,
 * a 409 is a documented conflict, any 5xx is recorded as a failure.
 *
 * @module
 */

import type { Pqgate } from "../../ffi/mod.ts";
import { Device, SyncClient, SyncHttpError } from "../../client/sync/mod.ts";
import type { SeededRandom } from "../support/random.ts";
import type { Ledger } from "./ledger.ts";

/** Signing algorithms, so every version can be proven usable by a sign and a verify. */
export const ALGORITHMS = ["ML-DSA-44", "Ed25519", "ML-DSA-65+Ed25519"] as const;

/** What the workers share: the gateway of this round, the ledger, and the sync account. */
export interface Workload {
  readonly pq: Pqgate;
  readonly url: string;
  readonly token: string;
  readonly ledger: Ledger;
  readonly random: SeededRandom;
  readonly accountId: string;
  /** Trusted devices (their private keys), by id: approvers for the next approvals. */
  readonly devices: Map<string, Device>;
  /** Distinct names across rounds. */
  nextId: () => number;
}

/** A `fetch` with the token; network errors propagate (the server may be dead). */
export async function call(
  w: { url: string; token: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return await fetch(`${w.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${w.token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Runs random operations until `stop()` is true; ends quietly when the server is gone. */
export async function worker(w: Workload, stop: () => boolean): Promise<void> {
  while (!stop()) {
    try {
      const roll = w.random.next();
      if (roll < 0.4 || w.ledger.keys.size === 0) await createKey(w);
      else if (roll < 0.75) await rotateKey(w);
      else await approveDevice(w);
    } catch (error) {
      if (error instanceof SyncHttpError) {
        if (error.status >= 500) w.ledger.serverErrors.push(error.message);
        continue;
      }
      return; // the connection died with the server
    }
  }
}

async function expectAcknowledged(w: Workload, what: string, res: Response): Promise<unknown | undefined> {
  const text = await res.text();
  if (res.status >= 500) w.ledger.serverErrors.push(`${what}: ${res.status} ${text}`);
  return res.ok ? JSON.parse(text) : undefined;
}

async function createKey(w: Workload): Promise<void> {
  const name = `crash-${w.nextId()}`;
  const res = await call(w, "POST", "/v1/keys", { name, algorithm: w.random.pick(ALGORITHMS) });
  const body = await expectAcknowledged(w, `create ${name}`, res);
  if (body !== undefined) w.ledger.keyAcknowledged(body as Parameters<Ledger["keyAcknowledged"]>[0]);
}

async function rotateKey(w: Workload): Promise<void> {
  const name = w.random.pick([...w.ledger.keys.keys()]);
  const body = await expectAcknowledged(w, `rotate ${name}`, await call(w, "POST", `/v1/keys/${name}/rotate`));
  if (body !== undefined) w.ledger.keyAcknowledged(body as Parameters<Ledger["keyAcknowledged"]>[0]);
}

async function approveDevice(w: Workload): Promise<void> {
  const client = new SyncClient(w.pq, w.url, w.token);
  const device = Device.fromSeeds(w.pq, `device-${w.nextId()}`, {
    mlDsa: w.random.bytes(32),
    ed25519: w.random.bytes(32),
    xWing: w.random.bytes(32),
  });
  try {
    await client.register(w.accountId, device);
    const approver = w.devices.get(w.random.pick([...w.devices.keys()]));
    if (approver === undefined) throw new Error("no trusted device to approve with");
    await client.approve(w.accountId, approver, device.registeredId, device.fingerprint);
  } catch (error) {
    device[Symbol.dispose]();
    throw error;
  }
  w.devices.set(device.registeredId, device);
  w.ledger.deviceTrusted(device.registeredId);
}
