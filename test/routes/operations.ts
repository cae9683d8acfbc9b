/**
 * The API's operations read from its own OpenAPI document, so tests that drive "every route"
 * cannot forget one that is added later.
 *
 * @module
 */

import type { TestApp } from "./support.ts";

/** One operation of the OpenAPI document. */
export interface Operation {
  readonly method: string;
  /** The path template, e.g. `/v1/keys/{name}`. */
  readonly template: string;
  /** Names of its `{path}` parameters. */
  readonly pathParams: readonly string[];
  /** Names of its query parameters. */
  readonly queryParams: readonly string[];
  readonly hasBody: boolean;
  /** The response statuses it documents (`"200"`, `"404"`…). */
  readonly statuses: readonly string[];
}

interface OpenApiOperation {
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  parameters?: { in: string; name: string }[];
}

/** The OpenAPI document the app serves, with every operation it lists. */
export async function apiOperations(t: TestApp): Promise<{ operations: Operation[]; document: unknown }> {
  const document = await (await t.call("GET", "/openapi.json")).json() as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = op.parameters ?? [];
      return {
        method: method.toUpperCase(),
        template,
        pathParams: params.filter((p) => p.in === "path").map((p) => p.name),
        queryParams: params.filter((p) => p.in === "query").map((p) => p.name),
        hasBody: op.requestBody !== undefined,
        statuses: Object.keys(op.responses ?? {}),
      };
    })
  );
  return { operations, document };
}

/**
 * `template` with every `{param}` replaced by `value(param)`, percent-encoded. A lone surrogate
 * has no UTF-8 form: it is sent as the invalid UTF-8 bytes `%ED%A0%80`, as a hostile client would.
 */
export function fillPath(template: string, value: (param: string) => string): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(value(name)));
}

function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.toWellFormed()).replaceAll("%EF%BF%BD", "%ED%A0%80");
  }
}
