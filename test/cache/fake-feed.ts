/**
 * A change feed a unit test drives, for the caches kept by `CacheCoherence`.
 *
 * @module
 */

import type { ChangeFeed, ChangeListener } from "../../src/db/change-feed.ts";
import { parseChange } from "../../src/db/change-feed.ts";

/** The feed and the controls of {@link fakeFeed}. */
export interface FakeFeed {
  readonly feed: ChangeFeed;
  set(up: boolean): void;
  send(payload: string): void;
}

/** A change feed the test drives: `set(up)` and `send(payload)` as the database would. */
export function fakeFeed(): FakeFeed {
  const listeners = new Set<ChangeListener>();
  let up = false;
  const feed: ChangeFeed = {
    get up() {
      return up;
    },
    listen(listener) {
      listeners.add(listener);
      listener.subscribed(up);
      return () => void listeners.delete(listener);
    },
    close: () => Promise.resolve(),
  };
  return {
    feed,
    set(next: boolean) {
      up = next;
      for (const l of listeners) l.subscribed(next);
    },
    send(payload: string) {
      for (const l of listeners) l.changed(parseChange(payload));
    },
  };
}
