/**
 * The database's change notifications: triggers on the cached tables (migration
 * `0010_cache_notify.sql`) `pg_notify` channel {@link CHANGE_CHANNEL} with `"<table>:<id>"` at
 * commit, and a {@link ChangeFeed} delivers them to the process's caches, with whether it is
 * subscribed right now. Caches may serve rows only while it is: a notification missed while
 * the feed was down would leave them stale.
 *
 * - PostgreSQL: one dedicated connection (application name {@link LISTENER_APPLICATION_NAME})
 *   runs `LISTEN`. When it closes (the backend was terminated, the server restarted, the
 *   network failed) or misses a heartbeat, the feed reports itself down at once and connects
 *   again with a growing delay (up to {@link MAX_RECONNECT_MS}); it is up again only once the
 *   new `LISTEN` has returned.
 * - PGlite: the embedded database delivers notifications to its in-process listener before the
 *   committing query resolves; the feed is up from its subscription until it is closed.
 *
 * @module
 */

import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

/** The channel the triggers notify. */
export const CHANGE_CHANNEL = "pqgate_cache";

/** The listener connection's `application_name` (operators and tests find it in `pg_stat_activity`). */
export const LISTENER_APPLICATION_NAME = "pqgate-cache-listener";

/** A change to a cached table: the row `id` of `table` (a key version reports its key), or every row (`*`). */
export type Change =
  | { readonly table: ChangedTable; readonly id: string }
  | { readonly table: "*" };

/** The tables whose rows notify (`sessions` from migration `0016_replicas.sql`). */
export type ChangedTable = "tokens" | "keys" | "key_binding_key" | "sessions";

/** Told of every change and of every transition between subscribed and not. */
export interface ChangeListener {
  changed(change: Change): void;
  /** `true`: subscribed (changes from now on are delivered); `false`: changes may be missed. */
  subscribed(up: boolean): void;
}

/** Change notifications of one database; `close()` ends the subscription (the feed is then down). */
export interface ChangeFeed {
  /** Whether changes are being delivered now. */
  readonly up: boolean;
  /** Adds a listener (told the current state at once); returns its removal. */
  listen(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** How often the PostgreSQL listener connection is asked `select 1`, and how long it may take. */
const HEARTBEAT_MS = 2_000;
/** The first delay before connecting again; it doubles per failure up to {@link MAX_RECONNECT_MS}. */
const FIRST_RECONNECT_MS = 100;
const MAX_RECONNECT_MS = 2_000;

const TABLES = new Set<string>(["tokens", "keys", "key_binding_key", "sessions"] satisfies ChangedTable[]);

/** A notification payload as a {@link Change}; anything unrecognised flushes everything (fail safe). */
export function parseChange(payload: string): Change {
  const colon = payload.indexOf(":");
  const table = payload.slice(0, colon);
  if (colon > 0 && TABLES.has(table)) {
    return { table: table as ChangedTable, id: payload.slice(colon + 1) };
  }
  return { table: "*" };
}

/** The listeners and state every feed shares. */
abstract class Feed implements ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();
  #up = false;

  get up(): boolean {
    return this.#up;
  }

  listen(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    listener.subscribed(this.#up);
    return () => void this.#listeners.delete(listener);
  }

  protected notify(payload: string): void {
    const change = parseChange(payload);
    for (const listener of this.#listeners) listener.changed(change);
  }

  protected setUp(up: boolean): void {
    if (up === this.#up) return;
    this.#up = up;
    for (const listener of this.#listeners) listener.subscribed(up);
  }

  abstract close(): Promise<void>;
}

/** The feed of an embedded PGlite database. */
export function pgliteChangeFeed(client: PGlite): ChangeFeed {
  return new PgliteFeed(client);
}

class PgliteFeed extends Feed {
  readonly #unsubscribe: Promise<(() => Promise<void>) | undefined>;

  constructor(client: PGlite) {
    super();
    this.#unsubscribe = client.listen(CHANGE_CHANNEL, (payload) => this.notify(payload)).then(
      (unsubscribe) => {
        this.setUp(true);
        return unsubscribe;
      },
      () => undefined, // never up: the caches stay bypassed
    );
  }

  override async close(): Promise<void> {
    this.setUp(false);
    await (await this.#unsubscribe)?.().catch(() => {});
  }
}

/** The feed of a PostgreSQL database at `url`, on a connection of its own. */
export function postgresChangeFeed(url: string): ChangeFeed {
  return new PostgresFeed(url);
}

class PostgresFeed extends Feed {
  readonly #url: string;
  #client: postgres.Sql | undefined;
  #closed = false;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #heartbeat: ReturnType<typeof setInterval>;

  constructor(url: string) {
    super();
    this.#url = url;
    this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_MS);
    void this.#connect();
  }

  async #connect(): Promise<void> {
    this.#retry = undefined;
    if (this.#closed) return;
    const onnotify = (channel: string, payload: string) => {
      if (channel === CHANGE_CHANNEL && this.#client === client) this.notify(payload);
    };
    const client: postgres.Sql = postgres(this.#url, {
      // postgres.js's own handler of NotificationResponse messages (`sql.listen` uses it too), untyped.
      ...({ onnotify } as unknown as Record<string, never>),
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      fetch_types: false,
      connection: { application_name: LISTENER_APPLICATION_NAME },
      onnotice: () => {},
      onclose: () => this.#lost(client),
    });
    this.#client = client;
    try {
      await client.unsafe(`listen "${CHANGE_CHANNEL}"`);
    } catch {
      this.#lost(client);
      return;
    }
    if (this.#client !== client) return;
    this.#failures = 0;
    this.setUp(true);
  }

  /** The connection `client` failed: down at once, then connect again after a delay. */
  #lost(client: postgres.Sql): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.setUp(false);
    void client.end({ timeout: 0 }).catch(() => {});
    if (this.#closed) return;
    const delay = Math.min(FIRST_RECONNECT_MS * 2 ** this.#failures++, MAX_RECONNECT_MS);
    this.#retry = setTimeout(() => void this.#connect(), delay);
  }

  /** A connection that stopped answering (a silent network failure) is treated as lost. */
  #beat(): void {
    const client = this.#client;
    if (client === undefined || !this.up) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("heartbeat timed out")), HEARTBEAT_MS);
    });
    Promise.race([client`select 1`, late]).then(
      () => clearTimeout(timer),
      () => {
        clearTimeout(timer);
        this.#lost(client);
      },
    );
  }

  override async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    this.setUp(false);
    await client?.end({ timeout: 1 }).catch(() => {});
  }
}
