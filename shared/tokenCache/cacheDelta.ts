import { isDeepStrictEqual } from "node:util";
import { OBTAINED_AT_SECTION, type CacheDocument } from "./cacheDocument";

/** What one writer changed in a token cache, entry by entry. */
export interface CacheDelta {
  upserts: Array<{ section: string; key: string; value: unknown }>;
  removals: Array<{ section: string; key: string }>;
}

/** The entries that `changed` adds, alters or drops relative to `base`. */
export function diffCache(base: CacheDocument, changed: CacheDocument): CacheDelta {
  const delta: CacheDelta = { upserts: [], removals: [] };
  const sections = new Set([...Object.keys(base), ...Object.keys(changed)]);
  for (const section of sections) {
    const before = base[section] ?? {};
    const after = changed[section] ?? {};
    for (const [key, value] of Object.entries(after)) {
      if (!isDeepStrictEqual(before[key], value)) {
        delta.upserts.push({ section, key, value });
      }
    }
    for (const key of Object.keys(before)) {
      if (!(key in after)) {
        delta.removals.push({ section, key });
      }
    }
  }
  return delta;
}

export function isEmptyDelta(delta: CacheDelta): boolean {
  return delta.upserts.length === 0 && delta.removals.length === 0;
}

/**
 * Re-applies a writer's changes on top of a cache that someone else wrote meanwhile. Entries
 * the writer did not touch keep the other writer's values, so no account is lost. When both
 * rotated the same refresh token, the one obtained later stays: Entra may accept only the
 * newest, and an older one must never replace it.
 */
export function applyCacheDelta(delta: CacheDelta, current: CacheDocument): CacheDocument {
  const next: CacheDocument = {};
  for (const [section, entries] of Object.entries(current)) {
    next[section] = { ...entries };
  }

  const obtainedAt = (document: CacheDocument, key: string): number => {
    const value = document[OBTAINED_AT_SECTION]?.[key];
    return typeof value === "number" ? value : 0;
  };
  const ours = new Map<string, number>();
  for (const upsert of delta.upserts) {
    if (upsert.section === OBTAINED_AT_SECTION && typeof upsert.value === "number") {
      ours.set(upsert.key, upsert.value);
    }
  }
  const keepsNewer = (key: string) => obtainedAt(current, key) > (ours.get(key) ?? 0);

  for (const { section, key } of delta.removals) {
    delete next[section]?.[key];
  }
  for (const { section, key, value } of delta.upserts) {
    const guarded = section === "RefreshToken" || section === OBTAINED_AT_SECTION;
    if (guarded && keepsNewer(key)) {
      continue;
    }
    (next[section] ??= {})[key] = value;
  }
  return next;
}
