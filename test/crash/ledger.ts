/**
 * The crash test's record of what the gateway ACKNOWLEDGED (answered 2xx): keys with the
 * public key of every acknowledged version, and devices whose approval was acknowledged. An
 * operation cut off by a kill is not recorded: it may or may not have happened, and the checks
 * only require that whatever did happen is whole.
 *
 * @module
 */

/** An acknowledged key: its algorithm and the public key of each acknowledged version. */
export interface LedgerKey {
  readonly algorithm: string;
  /** version → public key (base64url) as the acknowledging response gave it. */
  readonly versions: Map<number, string>;
}

/** Acknowledged operations, and every 5xx seen (there must be none). */
export class Ledger {
  readonly keys = new Map<string, LedgerKey>();
  /** Device ids whose registration or approval made them trusted. */
  readonly trustedDevices = new Set<string>();
  readonly serverErrors: string[] = [];
  acknowledged = 0;

  /** A create or rotate answered 2xx with this key body. */
  keyAcknowledged(key: { name: string; algorithm: string; versions: { version: number; publicKey: string }[] }): void {
    const entry = this.keys.get(key.name) ?? { algorithm: key.algorithm, versions: new Map() };
    for (const v of key.versions) entry.versions.set(v.version, v.publicKey);
    this.keys.set(key.name, entry);
    this.acknowledged++;
  }

  /** The highest acknowledged version of `name`. */
  latestVersion(name: string): number {
    return Math.max(...(this.keys.get(name)?.versions.keys() ?? [0]));
  }

  deviceTrusted(id: string): void {
    this.trustedDevices.add(id);
    this.acknowledged++;
  }
}
