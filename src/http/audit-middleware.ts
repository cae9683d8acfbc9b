/**
 * The audit trail of the `/v1` API: one record per request, written after the handler ran,
 * refusals included (401, 403, 413, 429, validation, domain errors). Hono's `onError` has
 * built the problem response by the time `next()` returns, so the outcome is known: `ok`
 * below 400, else the kind of the problem the request was answered with; `client-closed` with
 * status 0 when the client left before its answer was ready (`client-closed.ts`: nothing was
 * sent, and an operation its handler finished may have taken effect).
 *
 * Failure policy (docs/AUDIT.md, "Failure policy"). The record is written before the response
 * leaves. Fail-closed (the default): when it cannot be stored, a successful response is replaced
 * by 503 `audit-unavailable` (a refusal is kept: it carries no result), so no result of an unrecorded request (a signature, a decrypted data
 * key, a new token's secret) reaches the client. The operation itself may already have taken
 * effect (a key created, a token revoked): the problem says so, and the client must check
 * before repeating it. A durable record before every handler would close that gap only at the
 * price of a second serialised write per request; withholding the result is what a caller can
 * act on. Fail-open (`PQGATE_AUDIT_FAIL_OPEN=true`): the response stands. Either way the
 * failure goes to the error log with an incident id and the request id.
 *
 * Anonymous traffic (no valid token) is rate limited per client address (`client-address.ts`)
 * before it reaches the chain: a request without an `authorization` header is refused with 429
 * before authentication when its address is over the limit, and one whose token did not
 * authenticate is charged afterwards and, over the limit, answered 429 instead of its 401. Such
 * refusals are not recorded (only the rows within the limit are), so a flood from one address
 * cannot fill the log or queue on the chain's lock. Anonymous requests never reach a handler,
 * so replacing their answer changes no outcome.
 *
 * Every response carries `x-request-id`: the client's own if it is a sane token (1–64 of
 * `A-Z a-z 0-9 . _ -`), else a fresh UUID; the same id is in the record.
 *
 * @module
 */

import { isUuid } from "../common/uuid.ts";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Principal } from "../services/auth/scopes.ts";
import type { RateLimiter } from "../services/auth/rate-limiter.ts";
import type { AuditEntry } from "../services/audit/audit-service.ts";
import { type Authenticator, type AuthEnv, bearerAuth, rateLimited } from "./auth.ts";
import { clientAddress } from "./client-address.ts";
import { CLIENT_CLOSED, clientClosed, watchConnection } from "./client-closed.ts";
import type { ErrorLog } from "./errors.ts";
import { domainProblemResponse } from "./domain-problems.ts";
import { answeredProblem, problemResponse } from "./problem.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";
import { matchedHandler, pathParams } from "./route-template.ts";

/** What a handler may add to its request's record. */
export interface AuditNote {
  /** The key version the operation used (e.g. the version that signed). */
  readonly keyVersion?: number;
  /**
   * A refinement of the route's declared action that records what the request changed, e.g.
   * `disable` on `keys.configure` records `keys.configure.disable` (the row has no other place
   * for a new value). Only after the declared action, so a query by it still finds the row.
   */
  readonly actionSuffix?: "enable" | "disable";
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

/** Where a route's key name is found: its `{name}` path parameter, the validated body's `name`, or nowhere. */
export type KeyNameSource = "path" | "body" | "none";

/** What a route declares about its audit records (`apiRoute({ audit: … })`). */
export interface AuditDeclaration {
  /** The record's action, e.g. `keys.sign`. Stable: operators query the log by it. */
  readonly action: string;
  /** Where the key name comes from; `none` by default. */
  readonly keyName?: KeyNameSource;
}

/** The declarations of the marker middleware {@link audited} made. */
const declarations = new WeakMap<MiddlewareHandler, AuditDeclaration>();

/**
 * A route middleware that does nothing but carry `declaration`: the audit trail finds it among
 * the request's matched routes, also when the request was refused before reaching the route.
 */
export function audited(declaration: AuditDeclaration): MiddlewareHandler {
  const marker: MiddlewareHandler = (_c, next) => next();
  declarations.set(marker, declaration);
  return marker;
}

/** The audit declaration a route handler carries, if it is an {@link audited} marker. */
export function auditDeclarationOf(handler: unknown): AuditDeclaration | undefined {
  return declarations.get(handler as MiddlewareHandler);
}

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

/** How {@link auditTrail} treats failures and anonymous traffic. */
export interface AuditTrailOptions {
  /** Per-address limit of requests without a valid token (see the module documentation). */
  readonly anonymousLimiter: RateLimiter;
  /** Keep the response when its record cannot be stored (`PQGATE_AUDIT_FAIL_OPEN`); false by default. */
  readonly failOpen?: boolean;
}

/**
 * Records every request it guards with `recorder`; failures go to `log`. Mount before auth.
 * A matched route without an audit declaration is recorded as `unknown` and reported to `log`.
 */
export function auditTrail(
  recorder: AuditRecorder,
  log: ErrorLog,
  options: AuditTrailOptions,
): MiddlewareHandler<AuditEnv> {
  const { anonymousLimiter, failOpen = false } = options;
  return async (c, next): Promise<Response | undefined> => {
    // The request log middleware, when mounted, has chosen the id already.
    const requestId = c.get("requestId") ?? requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    watchConnection(c);
    const address = clientAddress(c);
    // Without a token the request cannot authenticate: charge its address now, before any work.
    const charged = c.req.header("authorization") === undefined;
    if (charged) {
      const wait = anonymousLimiter.take(address);
      if (wait > 0) return anonymousThrottled(c, anonymousLimiter, requestId, wait);
    }
    try {
      await next();
    } catch (error) {
      // Only non-Error throws get past Hono's onError; record them as the internal fault they are.
      await write(recorder, log, requestId, () => entryOf(c, log, requestId, 500, "internal"));
      throw error;
    }
    c.header(REQUEST_ID_HEADER, requestId);
    if (!charged && !authenticated.has(c)) {
      const wait = anonymousLimiter.take(address);
      if (wait > 0) {
        replaceResponse(c, anonymousThrottled(c, anonymousLimiter, requestId, wait));
        return undefined;
      }
    }
    // A client that left got no status: status 0 (none sent), outcome `client-closed`.
    const [status, outcome] = clientClosed(c) ? [0, CLIENT_CLOSED] : [c.res.status, outcomeOf(c)];
    const stored = await write(recorder, log, requestId, () => entryOf(c, log, requestId, status, outcome));
    // A refusal carries no result to withhold, and its own problem says more than ours would.
    if (!stored && !failOpen && c.res.status < 400) {
      replaceResponse(
        c,
        withRequestId(
          problemResponse(
            c,
            "audit-unavailable",
            `The audit record of request ${requestId} could not be stored, so its result is withheld. ` +
              "The operation may have taken effect: check its state before repeating it.",
          ),
          requestId,
        ),
      );
    }
    return undefined;
  };
}

/** Replaces the response outright (Hono's `c.res =` would carry the old response's headers over). */
function replaceResponse(c: Context, res: Response): void {
  c.res = undefined;
  c.res = res;
}

function withRequestId(res: Response, requestId: string): Response {
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}

/** 429 for an address over its anonymous allowance; not recorded. */
function anonymousThrottled(c: Context, limiter: RateLimiter, requestId: string, wait: number): Response {
  const refusal = rateLimited(limiter, "This address is over its rate for requests without a valid token", wait);
  // A rate-limited refusal is always a domain problem, never an internal fault.
  return withRequestId(domainProblemResponse(c, refusal) as Response, requestId);
}

/** Builds and records an entry; any failure (building included) is logged, never thrown. Whether it was stored. */
async function write(
  recorder: AuditRecorder,
  log: ErrorLog,
  requestId: string,
  build: () => AuditEntry,
): Promise<boolean> {
  let action: string | undefined;
  try {
    const entry = build();
    action = entry.action;
    await recorder.record(entry);
    return true;
  } catch (error) {
    log.error("audit record failed", { incident: crypto.randomUUID(), requestId, action, error });
    return false;
  }
}

function entryOf(c: Context<AuditEnv>, log: ErrorLog, requestId: string, status: number, outcome: string): AuditEntry {
  const principal = authenticated.get(c);
  const route = routeOf(c, log, requestId);
  const note = c.get("audit");
  return {
    requestId,
    actor: principal?.tokenId ?? ANONYMOUS,
    owner: principal?.owner ?? "",
    action: note?.actionSuffix === undefined ? route.action : `${route.action}.${note.actionSuffix}`,
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

const UNKNOWN: RouteSubject = { action: "unknown", keyName: null, syncAccountId: null, syncDeviceId: null };

/** The matched route's declared action, its key name and the sync ids in its path. */
function routeOf(c: Context, log: ErrorLog, requestId: string): RouteSubject {
  const declared = declaredRoute(c);
  if (declared === undefined) {
    const template = matchedHandler(c)?.template;
    if (template !== undefined) log.error("route declares no audit action", { requestId, route: template });
    return UNKNOWN;
  }
  const { template, declaration } = declared;
  const params = pathParams(template, c.req.path);
  const source = declaration.keyName ?? "none";
  const raw = source === "path" ? params.name : source === "body" ? validatedName(c) : undefined;
  const syncId = (key: string) => {
    const id = params[key];
    return id !== undefined && isUuid(id) ? id.toLowerCase() : null;
  };
  return {
    action: declaration.action,
    keyName: raw !== undefined && SANE_KEY_NAME.test(raw) ? raw : null,
    syncAccountId: syncId("accountId"),
    syncDeviceId: syncId("deviceId"),
  };
}

/** The declaration among the request's matched routes, with its route's path template. */
function declaredRoute(c: Context): { template: string; declaration: AuditDeclaration } | undefined {
  const route = matchedRoutes(c).findLast((r) => auditDeclarationOf(r.handler) !== undefined);
  const declaration = route === undefined ? undefined : auditDeclarationOf(route.handler);
  return route === undefined || declaration === undefined ? undefined : { template: route.path, declaration };
}

/** `name` of the validated JSON body, when validation ran and passed. */
function validatedName(c: Context): string | undefined {
  const body = (c.req as unknown as { valid(target: "json"): unknown }).valid("json");
  const name = typeof body === "object" && body !== null ? (body as { name?: unknown }).name : undefined;
  return typeof name === "string" ? name : undefined;
}
