/**
 * The zod-openapi hook for requests that fail their contract: a `validation` problem that
 * lists each issue by path, never echoing the offending values back.
 *
 * A union's failure is spelled out rather than left as zod's bare "Invalid input": a
 * discriminated union names its discriminator and the values it takes; any other union lists
 * what each alternative refused (once, when every alternative refused the same thing, e.g. a
 * body that is not an object at all), and a union of literals the values it takes.
 *
 * @module
 */

import type { Hook } from "@hono/zod-openapi";
import type { z } from "@hono/zod-openapi";
import { problemResponse } from "./problem.ts";

/** One entry of the problem's `errors`. */
export interface ValidationError {
  readonly path: string;
  readonly message: string;
}

/** Answers a failed request validation with a 400 problem. */
// deno-lint-ignore no-explicit-any explicit-module-boundary-types -- one hook serves every route's types
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return;
  const errors = validationErrors(result.error.issues);
  return problemResponse(c, "validation", `The request does not match its contract (${errors.length} issue(s)).`, {
    extensions: { errors },
  });
};

/** The issues as `{ path, message }` entries, unions flattened into what each alternative refused. */
export function validationErrors(issues: readonly z.core.$ZodIssue[]): ValidationError[] {
  return dedupe(issues.flatMap((issue) => flatten(issue, [])));
}

type Path = readonly PropertyKey[];

function flatten(issue: z.core.$ZodIssue, prefix: Path): ValidationError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== "invalid_union") return [{ path: path.map(String).join("."), message: issue.message }];
  if (issue.errors.length === 0) {
    // zod's discriminated union: no alternative has this discriminator value.
    const discriminator = "discriminator" in issue ? issue.discriminator : undefined;
    const options = "options" in issue && Array.isArray(issue.options) ? issue.options : undefined;
    const message = discriminator !== undefined && options !== undefined
      ? `the discriminator ${String(discriminator)} must be one of ${options.map((o) => JSON.stringify(o)).join(", ")}`
      : issue.message;
    return [{ path: path.map(String).join("."), message }];
  }
  const branches = issue.errors.map((branch) => dedupe(branch.flatMap((inner) => flatten(inner, path))));
  const first = branches[0] ?? [];
  if (branches.every((branch) => sameErrors(branch, first))) return first;
  const literals = literalAlternatives(issue.errors);
  if (literals !== undefined) {
    return [{ path: path.map(String).join("."), message: `must be one of ${literals.join(", ")}` }];
  }
  return branches.flatMap((branch, index) =>
    branch.map((error) => ({
      path: error.path,
      message: `alternative ${index + 1} of ${branches.length}: ${error.message}`,
    }))
  );
}

/** The allowed values of a union of literals (each alternative refused one value, at the union's own path). */
function literalAlternatives(branches: readonly (readonly z.core.$ZodIssue[])[]): string[] | undefined {
  const values: string[] = [];
  for (const branch of branches) {
    const [only] = branch;
    if (branch.length !== 1 || only === undefined || only.code !== "invalid_value" || only.path.length > 0) {
      return undefined;
    }
    values.push(...only.values.map((value) => JSON.stringify(value)));
  }
  return values;
}

function sameErrors(a: readonly ValidationError[], b: readonly ValidationError[]): boolean {
  return a.length === b.length && a.every((error, i) => error.path === b[i]?.path && error.message === b[i]?.message);
}

function dedupe(errors: readonly ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
