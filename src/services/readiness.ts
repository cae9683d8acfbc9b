/**
 * Readiness: the service can do cryptography only when the native library's power-on
 * self-tests passed (a failed known-answer test puts the library in an error state that
 * refuses every operation).
 *
 * No HTTP types here: routes translate the report.
 *
 * @module
 */

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

/** A source of the current time, injected so tests are deterministic. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** What `/readyz` reports. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly abiVersion: number;
  readonly selfTest: SelfTestResult;
  /** ISO 8601 time of this check. */
  readonly checkedAt: string;
}

/** Checks readiness now. */
export function checkReadiness(native: NativeStatus, clock: Clock): ReadinessReport {
  const { ok, code, message } = native.selfTest();
  return {
    ready: ok,
    abiVersion: native.abiVersion,
    selfTest: { ok, code, message },
    checkedAt: clock.now().toISOString(),
  };
}
