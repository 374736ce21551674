import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { parseKeyRing } from "../../../shared/crypto/keyRing";
import { silentLog } from "../../../shared/log/BrokerLog";
import { restoreCache } from "../../../shared/snapshots/restoreCache";
import type { SnapshotFields } from "../../../shared/snapshots/snapshotMetadata";
import type { SnapshotDependencies } from "../../../shared/snapshots/snapshotDependencies";
import type { CacheDocument } from "../../../shared/tokenCache/cacheDocument";
import { sealTokenCache } from "../../../shared/tokenCache/tokenCacheEnvelope";
import { combined, msalNodeAccount, TENANT, usernamesIn } from "./cacheFixtures";

const ring = parseKeyRing(`k1:${randomBytes(32).toString("base64")}`, "TOKEN_CACHE_KEYS");
const adele = msalNodeAccount({ uid: "adele" });
const megan = msalNodeAccount({ uid: "megan" });
const lynne = msalNodeAccount({ uid: "lynne" });

/** One tenant's cache blob in memory, with ETags as storage gives them. */
class MemoryTenant {
  etag = 1;
  bytes: Buffer;
  /** Runs once, just before the next write: another writer landing first. */
  beforeWrite: (() => void) | undefined;
  readonly snapshots: SnapshotFields[] = [];
  readonly rows = new Set<string>();
  /** Whether each restored account came back with a refresh token. */
  readonly usable = new Map<string, boolean>();
  /** Whether each restored account had a refresh token in the cache before the restore. */
  readonly usableBefore = new Map<string, boolean>();

  constructor(public document: CacheDocument) {
    this.bytes = this.seal(document);
  }

  write(document: CacheDocument): void {
    this.document = document;
    this.bytes = this.seal(document);
    this.etag++;
  }

  dependencies(): SnapshotDependencies {
    const read = () => ({ document: this.document, etag: String(this.etag) });
    const tokenCaches = {
      update: async (
        _tenantId: string,
        change: (document: CacheDocument) => CacheDocument,
        _log: unknown,
        start?: { document: CacheDocument; etag: string | undefined },
      ) => {
        for (let current = start ?? read(); ; current = read()) {
          const next = change(current.document);
          if (isDeepStrictEqual(next, current.document)) return current;
          const other = this.beforeWrite;
          this.beforeWrite = undefined;
          other?.();
          if (current.etag === String(this.etag)) {
            this.write(next);
            return read();
          }
        }
      },
    };
    const snapshots = {
      current: async () => ({ bytes: this.bytes, etag: String(this.etag) }),
      create: async (_tenantId: string, etag: string, fields: SnapshotFields) => {
        if (etag !== String(this.etag)) return undefined;
        this.snapshots.push(fields);
        return { id: `2026-01-01T00:00:0${this.snapshots.length}.0000000Z`, ...fields };
      },
    };
    const accounts = {
      recordRestored: async (
        _tenantId: string,
        account: { homeAccountId: string },
        restored: { hasRefreshToken: boolean; hadRefreshToken: boolean },
      ) => {
        this.rows.add(account.homeAccountId);
        this.usable.set(account.homeAccountId, restored.hasRefreshToken);
        this.usableBefore.set(account.homeAccountId, restored.hadRefreshToken);
      },
      list: async () => [...this.rows].map((homeAccountId) => ({ homeAccountId })),
      remove: async (_tenantId: string, homeAccountId: string) => {
        this.rows.delete(homeAccountId);
      },
    };
    return {
      tokenCaches,
      snapshots,
      accounts,
      keyRing: ring,
      clientId: "client",
      environment: "login.microsoftonline.com",
      settings: { retentionSeconds: 0, keepMin: 1, pruneSchedule: "", importMaxBytes: 1 },
      now: () => Date.parse("2026-01-01T00:00:00Z"),
    } as unknown as SnapshotDependencies;
  }

  private seal(document: CacheDocument): Buffer {
    return Buffer.from(JSON.stringify(sealTokenCache(ring, TENANT, document)));
  }
}

describe("restoreCache", () => {
  it("keeps an account that signed in between the read and the write of a replace", async () => {
    const tenant = new MemoryTenant(combined(adele, megan));
    tenant.rows.add(`adele.${TENANT}`).add(`megan.${TENANT}`);
    tenant.beforeWrite = () => {
      tenant.write(combined(tenant.document, lynne));
      tenant.rows.add(`lynne.${TENANT}`);
    };

    const report = await restoreCache(
      tenant.dependencies(),
      TENANT,
      adele,
      "replace",
      silentLog,
      "snapshot",
    );

    expect(usernamesIn(tenant.document)).toEqual([
      "adele@contoso.example",
      "lynne@contoso.example",
    ]);
    expect(report.restoredAccounts).toEqual(["adele@contoso.example"]);
    expect([...tenant.rows].sort()).toEqual([`adele.${TENANT}`, `lynne.${TENANT}`]);
  });

  it("snapshots the cache exactly as it was before writing, with its accounts", async () => {
    const tenant = new MemoryTenant(combined(adele, megan));

    const report = await restoreCache(
      tenant.dependencies(),
      TENANT,
      lynne,
      "merge",
      silentLog,
      "x",
    );

    expect(tenant.snapshots).toEqual([
      expect.objectContaining({
        label: "before-restore",
        accounts: ["adele@contoso.example", "megan@contoso.example"],
        withoutRefreshToken: [],
      }),
    ]);
    expect(report).toEqual({
      restoredAccounts: ["lynne@contoso.example"],
      safetySnapshot: "2026-01-01T00:00:01.0000000Z",
      mode: "merge",
    });
    expect(usernamesIn(tenant.document)).toHaveLength(3);
  });

  it("replaces a cache that cannot be decrypted, under that cache's ETag", async () => {
    const tenant = new MemoryTenant(adele);
    tenant.bytes = Buffer.from("garbage");

    await restoreCache(tenant.dependencies(), TENANT, megan, "replace", silentLog, "x");

    expect(usernamesIn(tenant.document)).toEqual(["megan@contoso.example"]);
    expect(tenant.snapshots).toEqual([expect.objectContaining({ unreadable: true, accounts: [] })]);
  });

  it("refuses to merge into a cache that cannot be decrypted", async () => {
    const tenant = new MemoryTenant(adele);
    tenant.bytes = Buffer.from("garbage");

    await expect(
      restoreCache(tenant.dependencies(), TENANT, megan, "merge", silentLog, "x"),
    ).rejects.toMatchObject({ code: "token_cache_unreadable" });
    expect(tenant.etag).toBe(1);
  });

  it("brings an account without a refresh token back as needing a sign-in", async () => {
    const tenant = new MemoryTenant(combined(adele));
    const withoutRefreshToken = { ...lynne, RefreshToken: {} };

    await restoreCache(tenant.dependencies(), TENANT, withoutRefreshToken, "merge", silentLog, "x");

    expect(tenant.usable.get(`lynne.${TENANT}`)).toBe(false);
    await restoreCache(tenant.dependencies(), TENANT, adele, "merge", silentLog, "x");
    expect(tenant.usable.get(`adele.${TENANT}`)).toBe(true);
  });

  it("records in the safety snapshot which accounts hold no refresh token", async () => {
    const tenant = new MemoryTenant(combined(adele, { ...megan, RefreshToken: {} }));

    await restoreCache(tenant.dependencies(), TENANT, lynne, "merge", silentLog, "x");

    expect(tenant.snapshots[0]?.withoutRefreshToken).toEqual(["megan@contoso.example"]);
  });

  it("tells the accounts table whether the cache held a refresh token before", async () => {
    const adeleWithout = { ...adele, RefreshToken: {} };
    const withoutEither = new MemoryTenant(combined(adeleWithout));
    const lostOne = new MemoryTenant(combined(adele));

    await restoreCache(withoutEither.dependencies(), TENANT, adeleWithout, "merge", silentLog, "x");
    await restoreCache(lostOne.dependencies(), TENANT, adeleWithout, "replace", silentLog, "x");

    expect(withoutEither.usable.get(`adele.${TENANT}`)).toBe(false);
    expect(withoutEither.usableBefore.get(`adele.${TENANT}`)).toBe(false);
    expect(lostOne.usable.get(`adele.${TENANT}`)).toBe(false);
    expect(lostOne.usableBefore.get(`adele.${TENANT}`)).toBe(true);
  });
});
