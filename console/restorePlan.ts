import type { RestoreMode } from "./types.js";

/** What a restore will do to the tenant's accounts, by username. */
export interface RestorePlan {
  /** In the snapshot and not signed in now: they come back. */
  comeBack: string[];
  /** In both: they stay, keeping whichever refresh token is newer. */
  stay: string[];
  /** Signed in now and not in the snapshot: `replace` removes them, `merge` keeps them. */
  notInSnapshot: string[];
  mode: RestoreMode;
}

/** Compares the accounts signed in now with those a snapshot holds (usernames, any case). */
export function planRestore(
  current: readonly string[],
  snapshot: readonly string[],
  mode: RestoreMode,
): RestorePlan {
  const has = (list: readonly string[], name: string) =>
    list.some((other) => other.toLowerCase() === name.toLowerCase());
  return {
    comeBack: snapshot.filter((name) => !has(current, name)),
    stay: snapshot.filter((name) => has(current, name)),
    notInSnapshot: current.filter((name) => !has(snapshot, name)),
    mode,
  };
}
