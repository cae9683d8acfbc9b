// The profile of a load window: self and total samples per function, and samples per bucket.

import { type Bucket, bucketOfStack, BUCKETS, pseudoBucket } from "./buckets.ts";
import { type Frame, frameKey, type Profile } from "./cpu-profile.ts";

export interface FunctionRow {
  readonly frame: Frame;
  /** Where most of the function's self samples were attributed (its own place, or its caller's). */
  readonly bucket: Bucket;
  /** Samples with this function as the leaf. */
  readonly self: number;
  /** Samples with this function anywhere on the stack (counted once per sample). */
  readonly total: number;
}

export interface ProfileSummary {
  readonly windowMs: number;
  readonly samples: number;
  /** Samples per bucket, every bucket present. */
  readonly buckets: Readonly<Record<Bucket, number>>;
  readonly functions: readonly FunctionRow[];
}

export interface Window {
  readonly fromMs: number;
  readonly toMs: number;
}

interface Tally {
  frame: Frame;
  self: number;
  total: number;
  selfBy: Map<Bucket, number>;
}

export function summarise(profile: Profile, window: Window): ProfileSummary {
  const buckets = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
  const tallies = new Map<string, Tally>();
  const tally = (frame: Frame): Tally => {
    const key = frameKey(frame);
    let entry = tallies.get(key);
    if (entry === undefined) tallies.set(key, entry = { frame, self: 0, total: 0, selfBy: new Map() });
    return entry;
  };
  let samples = 0;
  for (const { stack, atMs } of profile.samples) {
    if (atMs < window.fromMs || atMs > window.toMs) continue;
    samples++;
    const bucket = bucketOfStack(stack);
    buckets[bucket]++;
    const leaf = stack[0];
    if (leaf === undefined) continue;
    const self = tally(leaf);
    self.self++;
    self.selfBy.set(bucket, (self.selfBy.get(bucket) ?? 0) + 1);
    const seen = new Set<Tally>(); // a recursive function counts once per sample
    for (const frame of stack) seen.add(tally(frame));
    for (const entry of seen) entry.total++;
  }
  const functions = [...tallies.values()].map(({ frame, self, total, selfBy }) => ({
    frame,
    self,
    total,
    bucket: dominant(selfBy) ?? pseudoBucket(frame) ?? bucketOfStack([frame]),
  }));
  return { windowMs: window.toMs - window.fromMs, samples, buckets, functions };
}

function dominant(counts: Map<Bucket, number>): Bucket | undefined {
  let best: [Bucket, number] | undefined;
  for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
  return best?.[0];
}
