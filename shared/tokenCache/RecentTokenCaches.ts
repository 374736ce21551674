import type { StoredTokenCache } from "./TokenCacheStore";

// Bounded, so that an instance serving many tenants keeps only the busiest in memory.
const MAX_TENANTS = 1000;

/**
 * The token caches this instance read or wrote last, with when it learned them: a job's token
 * call within `maxAgeMs` of the last read is answered without asking storage again. Anything
 * that writes, or goes to Entra, reads the blob again first.
 */
export class RecentTokenCaches {
  private readonly entries = new Map<string, { stored: StoredTokenCache; seenAt: number }>();

  constructor(private readonly now: () => number) {}

  /** The cache as last seen, if seen within `maxAgeMs`. */
  fresh(tenantId: string, maxAgeMs: number): StoredTokenCache | undefined {
    const entry = this.entries.get(tenantId);
    return entry && this.now() - entry.seenAt <= maxAgeMs ? entry.stored : undefined;
  }

  /** The cache as last seen, however old: its ETag makes a conditional read cheap. */
  last(tenantId: string): StoredTokenCache | undefined {
    return this.entries.get(tenantId)?.stored;
  }

  remember(tenantId: string, stored: StoredTokenCache): void {
    this.entries.delete(tenantId);
    this.entries.set(tenantId, { stored, seenAt: this.now() });
    if (this.entries.size > MAX_TENANTS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
      }
    }
  }
}
