import { applyCacheDelta, diffCache } from "../../../shared/tokenCache/cacheDelta";
import {
  emptyCacheDocument,
  OBTAINED_AT_SECTION,
  type CacheDocument,
} from "../../../shared/tokenCache/cacheDocument";

function cacheWith(entries: Record<string, Record<string, unknown>>): CacheDocument {
  return { ...emptyCacheDocument(), ...entries };
}

describe("cache delta", () => {
  it("keeps the other writer's account when two writers each add one", () => {
    const base = cacheWith({});
    const ours = cacheWith({ Account: { a: { home_account_id: "a" } } });
    const theirs = cacheWith({ Account: { b: { home_account_id: "b" } } });

    const merged = applyCacheDelta(diffCache(base, ours), theirs);

    expect(Object.keys(merged.Account!).sort()).toEqual(["a", "b"]);
  });

  it("removes only what this writer removed", () => {
    const base = cacheWith({ Account: { a: {}, b: {} } });
    const ours = cacheWith({ Account: { b: {} } });
    const theirs = cacheWith({ Account: { a: {}, b: {}, c: {} } });

    expect(Object.keys(applyCacheDelta(diffCache(base, ours), theirs).Account!)).toEqual([
      "b",
      "c",
    ]);
  });

  it("never replaces a refresh token obtained later by an older one", () => {
    const base = cacheWith({
      RefreshToken: { rt: { secret: "old" } },
      [OBTAINED_AT_SECTION]: { rt: 1 },
    });
    const ours = cacheWith({
      RefreshToken: { rt: { secret: "ours" } },
      [OBTAINED_AT_SECTION]: { rt: 5 },
    });
    const theirs = cacheWith({
      RefreshToken: { rt: { secret: "theirs" } },
      [OBTAINED_AT_SECTION]: { rt: 9 },
    });

    const merged = applyCacheDelta(diffCache(base, ours), theirs);

    expect(merged.RefreshToken!.rt).toEqual({ secret: "theirs" });
    expect(merged[OBTAINED_AT_SECTION]!.rt).toBe(9);
  });

  it("puts its own refresh token in when it is the newer one", () => {
    const base = cacheWith({
      RefreshToken: { rt: { secret: "old" } },
      [OBTAINED_AT_SECTION]: { rt: 1 },
    });
    const ours = cacheWith({
      RefreshToken: { rt: { secret: "ours" } },
      [OBTAINED_AT_SECTION]: { rt: 9 },
    });
    const theirs = cacheWith({
      RefreshToken: { rt: { secret: "theirs" } },
      [OBTAINED_AT_SECTION]: { rt: 5 },
    });

    expect(applyCacheDelta(diffCache(base, ours), theirs).RefreshToken!.rt).toEqual({
      secret: "ours",
    });
  });
});
