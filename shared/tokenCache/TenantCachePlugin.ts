import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import type { BrokerLog } from "../log/BrokerLog";
import { asCacheDocument, OBTAINED_AT_SECTION, type CacheDocument } from "./cacheDocument";
import { applyCacheDelta, diffCache, isEmptyDelta } from "./cacheDelta";
import type { StoredTokenCache, TokenCacheStore } from "./TokenCacheStore";

/**
 * Connects one MSAL operation on one tenant to the tenant's blob. The blob is read once, at the
 * first cache access; later accesses in the same operation reuse what was read or written, so
 * a token served from the cache costs one read. A change is written as a delta against what was
 * read, under the blob's ETag, so that a concurrent writer's accounts survive.
 */
export class TenantCachePlugin implements ICachePlugin {
  private stored: StoredTokenCache | undefined;
  private readFresh = false;
  private holding = false;
  /** While writes are held back: the cache as last written, which the held changes build on. */
  private heldFrom: StoredTokenCache | undefined;

  constructor(
    private readonly store: TokenCacheStore,
    private readonly tenantId: string,
    private readonly log: BrokerLog,
    private readonly now: () => number,
  ) {}

  /** The cache as last read or written by this operation. */
  get document(): CacheDocument | undefined {
    return this.stored?.document;
  }

  /** The secrets of the refresh tokens that the cache, as last read or written, holds for one account. */
  refreshTokensOf(homeAccountId: string): string[] {
    return Object.values(this.stored?.document.RefreshToken ?? {})
      .filter(
        (entity) => (entity as { home_account_id?: unknown }).home_account_id === homeAccountId,
      )
      .map((entity) => String((entity as { secret?: unknown }).secret));
  }

  /**
   * Forgets what was read, so that the next cache access reads storage again, not memory. Held
   * changes must be flushed first.
   */
  forget(): void {
    this.stored = undefined;
    this.readFresh = true;
  }

  /**
   * Holds changes in memory instead of writing each, until {@link flush}: a timer run refreshing
   * a tenant's accounts one after another under the tenant's refresh lease writes the cache once.
   */
  holdWrites(): void {
    this.holding = true;
    this.heldFrom = this.stored;
  }

  /** Writes the changes held so far as one delta (under the ETag, like every write). */
  async flush(): Promise<void> {
    const from = this.heldFrom;
    if (!from || !this.stored) {
      return;
    }
    const delta = diffCache(from.document, this.stored.document);
    if (!isEmptyDelta(delta)) {
      this.stored = await this.store.update(
        this.tenantId,
        (current) => applyCacheDelta(delta, current),
        this.log,
        from,
      );
    }
    this.heldFrom = this.stored;
  }

  /** Writes what is held and goes back to writing each change at once. */
  async releaseWrites(): Promise<void> {
    await this.flush();
    this.holding = false;
    this.heldFrom = undefined;
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!this.stored) {
      this.stored = await this.store.read(this.tenantId, { fresh: this.readFresh });
      if (this.holding) {
        this.heldFrom = this.stored;
      }
    }
    context.tokenCache.deserialize(JSON.stringify(this.stored.document));
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    // `cacheHasChanged` says MSAL meant to write; the delta says whether anything differs.
    if (!context.cacheHasChanged || !this.stored) {
      return;
    }
    const serialized = asCacheDocument(JSON.parse(context.tokenCache.serialize()));
    if (!serialized) {
      return;
    }
    const base = this.stored.document;
    const next = this.stampRefreshTokens(base, serialized);
    if (this.holding) {
      // MSAL's serialization is the whole cache as it stands; the delta is taken once, at flush.
      this.stored = { ...this.stored, document: next };
      return;
    }
    const delta = diffCache(base, next);
    if (isEmptyDelta(delta)) {
      return;
    }

    this.stored = await this.store.update(
      this.tenantId,
      (current) => applyCacheDelta(delta, current),
      this.log,
      this.stored,
    );
  }

  /** Records when each refresh token that MSAL just replaced was obtained. */
  private stampRefreshTokens(base: CacheDocument, document: CacheDocument): CacheDocument {
    const obtainedAt: Record<string, unknown> = { ...(base[OBTAINED_AT_SECTION] ?? {}) };
    const before = base.RefreshToken ?? {};
    const after = document.RefreshToken ?? {};
    for (const [key, entity] of Object.entries(after)) {
      const previous = before[key] as { secret?: unknown } | undefined;
      if (previous?.secret !== (entity as { secret?: unknown }).secret) {
        obtainedAt[key] = this.now();
      }
    }
    for (const key of Object.keys(obtainedAt)) {
      if (!(key in after)) {
        delete obtainedAt[key];
      }
    }
    return { ...document, [OBTAINED_AT_SECTION]: obtainedAt };
  }
}
