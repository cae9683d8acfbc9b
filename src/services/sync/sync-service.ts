/**
 * Multi-device key sync (docs/SYNC.md): the three use-case groups over one
 * set of dependencies.
 *
 * @module
 */

import { AccountService } from "./account-service.ts";
import { BundleService } from "./bundle-service.ts";
import { DEFAULT_SYNC_SETTINGS, type SyncDeps, type SyncSettings } from "./deps.ts";
import { RecoveryService } from "./recovery-service.ts";
import { RevocationService } from "./revocation.ts";

export type { SyncSettings } from "./deps.ts";

/** The sync use cases. */
export interface SyncService {
  readonly accounts: AccountService;
  readonly bundles: BundleService;
  readonly recovery: RecoveryService;
  readonly revocations: RevocationService;
}

/** Builds the sync service; unset settings take their defaults. */
export function createSyncService(
  deps: Omit<SyncDeps, "settings"> & { readonly settings?: Partial<SyncSettings> | undefined },
): SyncService {
  const full: SyncDeps = { ...deps, settings: { ...DEFAULT_SYNC_SETTINGS, ...deps.settings } };
  return {
    accounts: new AccountService(full),
    bundles: new BundleService(full),
    recovery: new RecoveryService(full),
    revocations: new RevocationService(full),
  };
}
