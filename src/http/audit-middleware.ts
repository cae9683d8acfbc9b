/**
 * The audit trail of the `/v1` API: one record per request, written after the handler ran,
 * refusals included (401, 403, 413, 429, validation, domain errors). Hono's `onError` has
 * built the problem response by the time `next()` returns, so the outcome is known: `ok`
 * below 400, else the kind of the problem the request was answered with.
 *
 * Failure policy: the record is written before the response leaves, but a failed write does
 * not change the response: the operation has already happened (a key created, a message
 * signed), and answering 5xx would misreport it and invite a retry that repeats it. The
 * failure goes to the error log with an incident id and the request id, never to the client.
 * Failing closed would need a durable record before the handler runs, a second serialised
 * write per request, so it was not chosen.
 *
 * Every response carries `x-request-id`: the client's own if it is a sane token (1–64 of
 * `A-Z a-z 0-9 . _ -`), else a fresh UUID; the same id is in the record.
 *
 * @module
 */

import { isUuid } from "../common/uuid.ts";
import type { Context, MiddlewareHandler } from "hono";
import type { Principal } from "../services/auth/scopes.ts";
import type { RateLimiter } from "../services/auth/rate-limiter.ts";
import type { AuditEntry } from "../services/audit/audit-service.ts";
import { type Authenticator, type AuthEnv, bearerAuth } from "./auth.ts";
import type { ErrorLog } from "./errors.ts";
import { answeredProblem } from "./problem.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";
import { matchedHandler } from "./route-template.ts";

/** What a handler may add to its request's record. */
export interface AuditNote {
  /** The key version the operation used (e.g. the version that signed). */
  readonly keyVersion?: number;
  /** The sync account and device concerned, when not in the path (a new account, a bundle's sender). */
  readonly syncAccountId?: string;
  readonly syncDeviceId?: string;
}

/** The Hono environment of audited routes: `c.set("audit", { keyVersion })` in a handler. */
export interface AuditEnv {
  Variables: { requestId: string; audit?: AuditNote };
}

/** Where records go (`AuditService`). */
export interface AuditRecorder {
  record(entry: AuditEntry): Promise<unknown>;
}

/** The actor of requests without a valid token. */
export const ANONYMOUS = "anonymous";

/** What a key name may look like (the key routes' contract); anything else is not recorded. */
const SANE_KEY_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** Where a route's key name is found. */
type KeyNameSource = "path" | "body" | "none";

/** Action names of the routes, by method and Hono path template; others get a derived name. */
const ACTIONS: Readonly<Record<string, readonly [string, KeyNameSource]>> = {
  "POST /v1/keys": ["keys.create", "body"],
  "GET /v1/keys": ["keys.list", "none"],
  "GET /v1/keys/:name": ["keys.read", "path"],
  "POST /v1/keys/:name/rotate": ["keys.rotate", "path"],
  "PATCH /v1/keys/:name/config": ["keys.configure", "path"],
  "POST /v1/keys/:name/sign": ["keys.sign", "path"],
  "POST /v1/keys/:name/verify": ["keys.verify", "path"],
  "POST /v1/keys/import": ["keys.import", "body"],
  "POST /v1/keys/:name/deletion": ["keys.schedule-deletion", "path"],
  "DELETE /v1/keys/:name/deletion": ["keys.cancel-deletion", "path"],
  "POST /v1/keys/:name/sign-batch": ["keys.sign-batch", "path"],
  "POST /v1/keys/:name/verify-batch": ["keys.verify-batch", "path"],
  "POST /v1/keys/:name/data-key": ["data-keys.generate", "path"],
  "POST /v1/keys/:name/data-key/unwrap": ["data-keys.unwrap", "path"],
  "POST /v1/sessions": ["sessions.create", "none"],
  "POST /v1/sessions/:id/confirm": ["sessions.confirm", "none"],
  "POST /v1/sessions/:id/seal": ["sessions.seal", "none"],
  "POST /v1/sessions/:id/open": ["sessions.open", "none"],
  "DELETE /v1/sessions/:id": ["sessions.end", "none"],
  "POST /v1/tokens": ["tokens.create", "none"],
  "GET /v1/tokens": ["tokens.list", "none"],
  "DELETE /v1/tokens/:id": ["tokens.revoke", "none"],
  "GET /v1/audit/verify": ["audit.verify", "none"],
  "POST /v1/sync/accounts": ["sync.accounts.create", "none"],
  "GET /v1/sync/accounts/:accountId": ["sync.accounts.read", "none"],
  "POST /v1/sync/accounts/:accountId/devices": ["sync.devices.register", "none"],
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/possession": ["sync.devices.possession", "none"],
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/challenges": ["sync.challenges.create", "none"],
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/approval": ["sync.devices.approve", "none"],
  "POST /v1/sync/accounts/:accountId/bundles": ["sync.bundles.send", "none"],
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/bundle": ["sync.bundles.fetch", "none"],
  "POST /v1/sync/accounts/:accountId/devices/:deviceId/revoke": ["sync.devices.revoke", "none"],
  "PUT /v1/sync/accounts/:accountId/backups/:method": ["sync.backups.store", "none"],
  "POST /v1/sync/accounts/:accountId/recovery/challenges": ["sync.recovery.challenge", "none"],
  "POST /v1/sync/accounts/:accountId/recovery": ["sync.recovery.recover", "none"],
};

/** The principal each request authenticated as, also when it was then rate limited. */
const authenticated = new WeakMap<Context, Principal>();

/**
 * `bearerAuth` that also tells the audit trail which token was presented, so that a request
 * refused by the rate limit (which `bearerAuth` rejects before setting `principal`) is
 * recorded under its token rather than as anonymous.
 */
export function auditedBearerAuth(authenticator: Authenticator, limiter: RateLimiter): MiddlewareHandler<AuthEnv> {
  return (c, next) => {
    const noting: Authenticator = {
      authenticate: async (secret) => {
        const principal = await authenticator.authenticate(secret);
        if (principal !== undefined) authenticated.set(c, principal);
        return principal;
      },
    };
    return bearerAuth(noting, limiter)(c, next);
  };
}

/** Records every request it guards with `recorder`; failures go to `log`. Mount before auth. */
export function auditTrail(recorder: AuditRecorder, log: ErrorLog): MiddlewareHandler<AuditEnv> {
  return async (c, next) => {
    // The request log middleware, when mounted, has chosen the id already.
    const requestId = c.get("requestId") ?? requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    try {
      await next();
    } catch (error) {
      // Only non-Error throws get past Hono's onError; record them as the internal fault they are.
      await write(recorder, log, requestId, () => entryOf(c, requestId, 500, "internal"));
      throw error;
    }
    c.header(REQUEST_ID_HEADER, requestId);
    await write(recorder, log, requestId, () => entryOf(c, requestId, c.res.status, outcomeOf(c)));
  };
}

/** Builds and records an entry; any failure (building included) is logged, never thrown. */
async function write(
  recorder: AuditRecorder,
  log: ErrorLog,
  requestId: string,
  build: () => AuditEntry | Promise<AuditEntry>,
): Promise<void> {
  let action: string | undefined;
  try {
    const entry = await build();
    action = entry.action;
    await recorder.record(entry);
  } catch (error) {
    log.error("audit record failed", { incident: crypto.randomUUID(), requestId, action, error });
  }
}

function entryOf(c: Context<AuditEnv>, requestId: string, status: number, outcome: string): AuditEntry {
  const principal = authenticated.get(c);
  const route = routeOf(c);
  const note = c.get("audit");
  return {
    requestId,
    actor: principal?.tokenId ?? ANONYMOUS,
    owner: principal?.owner ?? "",
    action: route.action,
    keyName: route.keyName,
    keyVersion: note?.keyVersion ?? null,
    syncAccountId: note?.syncAccountId ?? route.syncAccountId,
    syncDeviceId: note?.syncDeviceId ?? route.syncDeviceId,
    outcome,
    status,
  };
}

/** `ok` below 400; else the kind of the problem the request was answered with, `error` when there is none. */
function outcomeOf(c: Context): string {
  if (c.res.status < 400) return "ok";
  return answeredProblem(c) ?? "error";
}

/** What the matched route tells about the request's subject. */
interface RouteSubject {
  readonly action: string;
  readonly keyName: string | null;
  readonly syncAccountId: string | null;
  readonly syncDeviceId: string | null;
}

/** The matched route's action name, key name and sync ids. */
function routeOf(c: Context): RouteSubject {
  const matched = matchedHandler(c);
  if (matched === undefined) return { action: "unknown", keyName: null, syncAccountId: null, syncDeviceId: null };
  const { index, template } = matched;
  const [action, source] = ACTIONS[`${c.req.method} ${template}`] ?? [derivedAction(c.req.method, template), "path"];
  const raw = source === "path" ? paramOf(c, index, "name") : source === "body" ? validatedName(c) : undefined;
  const syncId = (key: string) => {
    const id = template.includes(`:${key}`) ? paramOf(c, index, key) : undefined;
    return id !== undefined && isUuid(id) ? id.toLowerCase() : null;
  };
  return {
    action,
    keyName: raw !== undefined && SANE_KEY_NAME.test(raw) ? raw : null,
    syncAccountId: syncId("accountId"),
    syncDeviceId: syncId("deviceId"),
  };
}

/**
 * A name for routes missing from {@link ACTIONS}: the first segment after `/v1`, then the last
 * literal segment, or for a bare collection or item what the method does (`sessions.create`).
 */
function derivedAction(method: string, template: string): string {
  const segments = template.split("/").filter((s) => s !== "" && s !== "v1");
  const literal = segments.filter((s) => !s.startsWith(":"));
  const resource = literal[0] ?? "root";
  if (literal.length > 1) return `${resource}.${literal.at(-1)}`;
  const onItem = segments.at(-1)?.startsWith(":") ?? false;
  const verbs: Record<string, string> = { POST: "create", PUT: "replace", PATCH: "update", DELETE: "delete" };
  return `${resource}.${verbs[method] ?? (onItem ? "read" : "list")}`;
}

/** Path parameter `key` of matched route `index` (the middleware's own route has none). */
function paramOf(c: Context, index: number, key: string): string | undefined {
  const current = c.req.routeIndex;
  c.req.routeIndex = index;
  try {
    return c.req.param(key);
  } finally {
    c.req.routeIndex = current;
  }
}

/** `name` of the validated JSON body, when validation ran and passed. */
function validatedName(c: Context): string | undefined {
  const body = (c.req as unknown as { valid(target: "json"): unknown }).valid("json");
  const name = typeof body === "object" && body !== null ? (body as { name?: unknown }).name : undefined;
  return typeof name === "string" ? name : undefined;
}
