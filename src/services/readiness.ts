/**
 * Readiness: the service can do cryptography only when the native library's power-on
 * self-tests passed (a failed known-answer test puts the library in an error state that
 * refuses every operation), its keystore device answers, its database answers and the key
 * bindings can be checked (the key-binding key opens: `keys/key-binding.ts`).
 *
 * No HTTP types here: routes translate the report.
 *
 * @module
 */

import type { KeystoreBackend, Protection } from "../../ffi/mod.ts";
import type { Clock } from "../common/clock.ts";

/** The outcome of the native power-on self-tests (as `Pqgate.selfTest()` returns it). */
export interface SelfTestResult {
  readonly ok: boolean;
  readonly code: number;
  readonly message: string;
}

/** The part of the native binding readiness needs (`Pqgate` satisfies it). */
export interface NativeStatus {
  readonly abiVersion: number;
  selfTest(): SelfTestResult;
}

/** The part of an open keystore readiness needs (`Keystore` satisfies it). */
export interface KeystoreStatus {
  readonly backend: KeystoreBackend;
  readonly protection: Protection;
  /** Throws when the device does not answer. */
  ping(): void;
}

/** The keystore as `/readyz` reports it. */
export interface KeystoreReport {
  readonly backend: KeystoreBackend;
  readonly protection: Protection;
  readonly reachable: boolean;
}

/** The part of the database readiness needs: a round trip that throws when it is unreachable. */
export interface DatabaseStatus {
  ping(): Promise<void>;
  /** Transactions run since start, where the driver counts them (PGlite); `/metrics` reports it. */
  transactions?(): number;
}

/** The read-path caches as `/metrics` reports them (`cache/coherence.ts`'s `CacheCoherence` satisfies it). */
export interface CacheStatus {
  /** Whether the database's change feed is subscribed (else the caches are bypassed). */
  readonly listening: boolean;
}

/** The key bindings as readiness needs them (`KeyBindings` satisfies it): rejects when none can be checked. */
export interface KeyBindingStatus {
  ensure(): Promise<unknown>;
}

/**
 * How the server is reached (`serve/tls.ts`): `pqKeyExchange` is true only where the runtime
 * was measured negotiating the hybrid `X25519MLKEM768` group, `"unknown"` where it was not.
 */
export interface TlsReport {
  readonly enabled: boolean;
  readonly pqKeyExchange: boolean | "unknown";
}

/** What `/readyz` reports. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly abiVersion: number;
  readonly selfTest: SelfTestResult;
  /** Absent when the app runs without a keystore (tests of other features). */
  readonly keystore?: KeystoreReport;
  /** Absent when the app runs without a database. */
  readonly database?: { readonly reachable: boolean };
  /** Absent when the app runs without the key API. */
  readonly keyBindings?: { readonly checkable: boolean };
  /** Absent when the app is not served by `src/serve/` (in-process tests). */
  readonly tls?: TlsReport;
  /** ISO 8601 time of this check. */
  readonly checkedAt: string;
}

/** Checks readiness now. */
export async function checkReadiness(
  native: NativeStatus,
  clock: Clock,
  keystore?: KeystoreStatus,
  database?: DatabaseStatus,
  keyBindings?: KeyBindingStatus,
): Promise<ReadinessReport> {
  const { ok, code, message } = native.selfTest();
  const report = keystore === undefined ? undefined : {
    backend: keystore.backend,
    protection: keystore.protection,
    reachable: answers(keystore),
  };
  const db = database === undefined ? undefined : { reachable: await database.ping().then(() => true, () => false) };
  // Why not (the operator's log says, at start) is not for a public probe either.
  const bindings = keyBindings === undefined
    ? undefined
    : { checkable: await keyBindings.ensure().then(() => true, () => false) };
  return {
    ready: ok && (report?.reachable ?? true) && (db?.reachable ?? true) && (bindings?.checkable ?? true),
    abiVersion: native.abiVersion,
    selfTest: { ok, code, message },
    ...(report === undefined ? {} : { keystore: report }),
    ...(db === undefined ? {} : { database: db }),
    ...(bindings === undefined ? {} : { keyBindings: bindings }),
    checkedAt: clock.now().toISOString(),
  };
}

function answers(keystore: KeystoreStatus): boolean {
  try {
    keystore.ping();
    return true;
  } catch {
    // Why it does not answer is for the operator's logs, not for a public probe.
    return false;
  }
}
