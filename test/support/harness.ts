/**
 * One test API for both runtimes: `test(name, fn)` registers with `Deno.test` under Deno
 * and with `bun:test`'s `test` under Bun, so the same files run under `deno test` and
 * `bun test`. There is deliberately no `skip`: a check that cannot run must fail or say why.
 *
 * `bun:test` is imported dynamically through a computed specifier, and only under Bun, so
 * Deno neither resolves it at run time nor follows it during `deno check`.
 *
 * @module
 */

/** A test body; may be async. */
export type TestFn = () => void | Promise<void>;

/** Per-test options. */
export interface TestOptions {
  /** Bun's per-test time limit in ms (default 5 s); Deno sets none. For tests that start devices. */
  readonly timeoutMs?: number;
}

interface Runner {
  test(name: string, fn: TestFn, options: TestOptions): void;
}

/** The part of `Deno` this harness uses (typed here so the file also reads under Bun). */
interface DenoTest {
  test(options: { name: string; fn: TestFn }): void;
}

/** The part of `bun:test` this harness uses. */
interface BunTest {
  test: (name: string, fn: TestFn, timeoutMs?: number) => void;
}

async function selectRunner(): Promise<Runner> {
  if ("Deno" in globalThis) {
    const deno = (globalThis as unknown as { Deno: DenoTest }).Deno;
    return {
      test: (name, fn) => deno.test({ name, fn }),
    };
  }
  if ("Bun" in globalThis) {
    const specifier = "bun:test";
    const bun = (await import(specifier)) as BunTest;
    return {
      test: (name, fn, options) => bun.test(name, fn, options.timeoutMs),
    };
  }
  throw new Error("test/support/harness.ts runs under `deno test` or `bun test` only");
}

const runner: Runner = await selectRunner();

/** Registers a test with the running runtime's test runner. */
export function test(name: string, fn: TestFn, options: TestOptions = {}): void {
  runner.test(name, fn, options);
}
