/**
 * Key patterns: key names with `*` wildcards (`*` matches any run of characters, including
 * none), as tokens carry them. Matched without regular expressions or recursion, in at most
 * about (name length + 1) × (pattern length + 1) steps whatever the pattern, so a hostile
 * pattern cannot stall the event loop; and compared with each other (is every name one pattern
 * allows also allowed by another?) by the same matcher.
 *
 * @module
 */

/** The longest pattern a token may be created with. */
export const MAX_KEY_PATTERN_LENGTH = 128;
/** The most `*` wildcards a pattern may be created with (runs of `**` count as one). */
export const MAX_KEY_PATTERN_WILDCARDS = 8;

/** What {@link globSteps} reports: whether it matched, and how many comparison steps it took. */
export interface GlobResult {
  readonly matched: boolean;
  readonly steps: number;
}

/**
 * Matches `pattern` against all of `text`, counting steps. Greedy with one backtrack point
 * (the last `*` seen): when a later literal fails, only that `*` absorbs one more character.
 * Earlier stars never need revisiting (whatever they matched, the last star can absorb the
 * difference), so each text position is retried at most once per pattern position:
 * O(|text| × |pattern|) steps, no exponential blow-up.
 *
 * A `*` in `text` is an ordinary character that only a `*` of `pattern` can consume; this is
 * what {@link patternWithin} relies on.
 */
export function globSteps(pattern: string, text: string): GlobResult {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  let steps = 0;
  while (t < text.length) {
    steps++;
    const c = pattern.charCodeAt(p); // NaN past the end
    if (c === STAR) {
      star = p++;
      resume = t;
    } else if (p < pattern.length && c === text.charCodeAt(t)) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return { matched: false, steps };
    }
  }
  while (pattern.charCodeAt(p) === STAR) {
    steps++;
    p++;
  }
  return { matched: p === pattern.length, steps };
}

const STAR = 42; // "*"

/** Whether `pattern` matches all of `name`. */
export function keyNameMatches(pattern: string, name: string): boolean {
  return globSteps(pattern, name).matched;
}

/**
 * Whether every key name `inner` matches is matched by `outer` too — decided soundly, never
 * optimistically: true only when `outer` matches the text of `inner` with each of `inner`'s
 * stars consumed by a star of `outer`. Then any name `inner` matches (its stars replaced by
 * some runs) is matched by `outer` (those of its stars absorb the runs). A containment that
 * holds for subtler reasons (only because the key-name alphabet is finite, say) is not
 * recognised: it is refused, never wrongly allowed.
 */
export function patternWithin(inner: string, outer: string): boolean {
  return globSteps(outer, inner).matched;
}

/** Why a pattern is refused at creation, or `undefined` when it is within the limits. */
export function patternComplexityProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_KEY_PATTERN_LENGTH) {
    return `a key pattern has at most ${MAX_KEY_PATTERN_LENGTH} characters`;
  }
  const wildcards = pattern.split(/\*+/).length - 1;
  if (wildcards > MAX_KEY_PATTERN_WILDCARDS) {
    return `a key pattern has at most ${MAX_KEY_PATTERN_WILDCARDS} * wildcards (this one has ${wildcards})`;
  }
  return undefined;
}
