/**
 * The source of the current time, injected everywhere time matters (token expiry, sessions,
 * challenges, audit timestamps) so tests are deterministic.
 *
 * @module
 */

/** A source of the current time. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
