import { isDeepStrictEqual } from "node:util";
import { diffCache } from "../tokenCache/cacheDelta";
import { OBTAINED_AT_SECTION, type CacheDocument } from "../tokenCache/cacheDocument";

/**
 * `replace`: the cache becomes what is restored. `merge`: what is restored is added to the
 * cache; nothing in the cache is lost.
 */
export type RestoreMode = "replace" | "merge";

export const RESTORE_MODES: readonly RestoreMode[] = ["replace", "merge"];

/**
 * The cache a restore aims for. In both modes an account present on both sides keeps whichever
 * refresh token was obtained later (by the broker's `BrokerRefreshTokenObtainedAt` times; when
 * either side has no time, the current one stays): Entra may have invalidated an older refresh
 * token when it issued the newer one, and a restore must never make an account worse off.
 * `merge` adds every entry the cache lacks and otherwise keeps the current entries.
 */
export function restoredCache(
  current: CacheDocument,
  restored: CacheDocument,
  mode: RestoreMode,
): CacheDocument {
  const laterIn = (winner: CacheDocument, loser: CacheDocument, key: string) => {
    const a = obtainedAt(winner, key);
    const b = obtainedAt(loser, key);
    return a !== undefined && b !== undefined && a > b;
  };
  const takeRefreshToken = (next: CacheDocument, from: CacheDocument, key: string) => {
    (next.RefreshToken ??= {})[key] = from.RefreshToken?.[key];
    const time = obtainedAt(from, key);
    if (time === undefined) {
      delete next[OBTAINED_AT_SECTION]?.[key];
    } else {
      (next[OBTAINED_AT_SECTION] ??= {})[key] = time;
    }
  };

  if (mode === "replace") {
    const next = copy(restored);
    for (const key of Object.keys(restored.RefreshToken ?? {})) {
      if (key in (current.RefreshToken ?? {}) && laterIn(current, restored, key)) {
        takeRefreshToken(next, current, key);
      }
    }
    return next;
  }

  const next = copy(current);
  for (const [section, entries] of Object.entries(restored)) {
    if (section === OBTAINED_AT_SECTION) {
      continue;
    }
    for (const [key, value] of Object.entries(entries)) {
      const present = key in (next[section] ?? {});
      if (section === "RefreshToken" && (!present || laterIn(restored, current, key))) {
        takeRefreshToken(next, restored, key);
      } else if (!present) {
        (next[section] ??= {})[key] = value;
      }
    }
  }
  return next;
}

/**
 * The change that takes the cache from `base` (as read when the restore began) to `target`, for
 * TokenCacheStore.update. If another writer (a login, a refresh) changed an account after
 * `base` was read, that account is left as the other writer left it: the restore never undoes
 * a sign-in or a rotated refresh token that landed while it ran.
 */
export function restoreChange(
  base: CacheDocument,
  target: CacheDocument,
): (current: CacheDocument) => CacheDocument {
  const delta = diffCache(base, target);
  return (current) => {
    const documents = [current, base, target];
    const touched = new Set<string>();
    const sinceBase = diffCache(base, current);
    for (const { section, key } of [...sinceBase.upserts, ...sinceBase.removals]) {
      touched.add(ownerOf(documents, section, key) ?? `${section}/${key}`);
    }
    const untouched = (section: string, key: string) =>
      !touched.has(ownerOf(documents, section, key) ?? `${section}/${key}`) &&
      isDeepStrictEqual(current[section]?.[key], base[section]?.[key]);

    const next = copy(current);
    for (const { section, key } of delta.removals) {
      if (untouched(section, key)) {
        delete next[section]?.[key];
      }
    }
    for (const { section, key, value } of delta.upserts) {
      if (untouched(section, key)) {
        (next[section] ??= {})[key] = value;
      }
    }
    return next;
  };
}

/** The home account an entry belongs to; an obtained-at time belongs to its refresh token's. */
function ownerOf(documents: CacheDocument[], section: string, key: string): string | undefined {
  const entrySection = section === OBTAINED_AT_SECTION ? "RefreshToken" : section;
  for (const document of documents) {
    const owner = (document[entrySection]?.[key] as { home_account_id?: unknown } | undefined)
      ?.home_account_id;
    if (typeof owner === "string") {
      return owner.toLowerCase();
    }
  }
  return undefined;
}

function obtainedAt(document: CacheDocument, key: string): number | undefined {
  const value = document[OBTAINED_AT_SECTION]?.[key];
  return typeof value === "number" ? value : undefined;
}

function copy(document: CacheDocument): CacheDocument {
  const next: CacheDocument = {};
  for (const [section, entries] of Object.entries(document)) {
    next[section] = { ...entries };
  }
  return next;
}
