/**
 * The secrets a hygiene scenario makes or learns, what each may legitimately appear in, and
 * which of them the gateway never sees.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { Finding } from "../support/scan.ts";

/** A place a secret is allowed: the one response that hands it out, or the file that stores it. */
export interface Allowed {
  readonly secret: string;
  readonly where: string;
}

/** How a secret may be seen. */
export interface SecretUse {
  /** The sources that carry it on purpose; each must really contain it (a positive control). */
  readonly handedOut?: readonly string[];
  /** True for secrets that never reach the gateway (device seeds, the password): not even its memory may hold them. */
  readonly clientOnly?: boolean;
}

/** Every secret of a scenario, by label. */
export class SecretLedger {
  readonly secrets: Record<string, Uint8Array> = {};
  readonly allowed: Allowed[] = [];
  readonly clientOnly = new Set<string>();

  /** Records `secret` (bytes, or text as UTF-8) under a new `label`. */
  add(label: string, secret: Uint8Array | string, use: SecretUse = {}): void {
    if (label in this.secrets) throw new Error(`secret ${label} recorded twice`);
    this.secrets[label] = typeof secret === "string" ? new Uint8Array(Buffer.from(secret)) : secret.slice();
    for (const where of use.handedOut ?? []) this.allowed.push({ secret: label, where });
    if (use.clientOnly) this.clientOnly.add(label);
  }

  /**
   * A bearer token (`pqg_` or `pqb_` + base64url of 32 random bytes): its text and its random
   * bytes, both allowed only where it is handed out.
   */
  addToken(label: string, token: string, handedOut: readonly string[]): void {
    this.add(label, token, { handedOut });
    this.add(`${label} (bytes)`, new Uint8Array(Buffer.from(token.slice(4), "base64url")), { handedOut });
  }

  /** The findings no allowance covers. */
  unexpected(findings: readonly Finding[]): Finding[] {
    return findings.filter((f) => !this.allowed.some((a) => a.secret === f.secret && a.where === f.where));
  }

  /** The allowances no finding confirms: a handed-out secret the scan failed to see. */
  unconfirmed(findings: readonly Finding[]): Allowed[] {
    return this.allowed.filter((a) => !findings.some((f) => a.secret === f.secret && a.where === f.where));
  }
}
