import type { BlockBlobClient, ContainerClient } from "@azure/storage-blob";
import type { KeyRing } from "../crypto/keyRing";
import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";
import { emptyCacheDocument, type CacheDocument } from "./cacheDocument";
import { RecentTokenCaches } from "./RecentTokenCaches";
import { EnvelopeUnreadableError, openTokenCache, sealTokenCache } from "./tokenCacheEnvelope";
import { isDeepStrictEqual } from "node:util";

/** A token cache as read from its blob; `etag` is undefined while the blob does not exist. */
export interface StoredTokenCache {
  document: CacheDocument;
  etag: string | undefined;
}

// Enough for many instances writing one tenant at once; each retry re-reads the blob.
const MAX_WRITE_ATTEMPTS = 12;

/** The blob that holds a tenant's token cache. */
export function tokenCacheBlobName(tenantId: string): string {
  return `${tenantId}/token-cache.json`;
}

/**
 * Reads and writes each tenant's encrypted MSAL token cache. Every write is conditional on the
 * ETag that was read (or on the blob not existing yet), so concurrent instances never overwrite
 * each other's accounts: a writer that loses re-reads and re-applies its change.
 */
export class TokenCacheStore {
  private readonly recent: RecentTokenCaches;
  private readonly blobs = new Map<string, BlockBlobClient>();

  /**
   * `reuseForMs` is how long a read may be answered from this instance's memory (the setting
   * TOKEN_CACHE_REUSE); 0 asks storage every time.
   */
  constructor(
    private readonly container: ContainerClient,
    private readonly keyRing: KeyRing,
    private readonly reuseForMs = 0,
    now: () => number = Date.now,
  ) {
    this.recent = new RecentTokenCaches(now);
  }

  /**
   * The tenant's cache. With `fresh`, from storage (a conditional read: an unchanged blob is not
   * downloaded or decrypted again); otherwise possibly from this instance's memory, at most
   * `reuseForMs` old.
   */
  async read(tenantId: string, options: { fresh?: boolean } = {}): Promise<StoredTokenCache> {
    const reused = options.fresh ? undefined : this.recent.fresh(tenantId, this.reuseForMs);
    if (reused) {
      return reused;
    }
    const known = this.recent.last(tenantId);
    let bytes: Buffer;
    let etag: string | undefined;
    try {
      const response = await this.blob(tenantId).download(0, undefined, {
        ...(known?.etag ? { conditions: { ifNoneMatch: known.etag } } : {}),
      });
      bytes = await streamToBuffer(response.readableStreamBody);
      etag = response.etag;
    } catch (error) {
      const status = storageStatus(error);
      if (status === 304 && known) {
        this.recent.remember(tenantId, known);
        return known;
      }
      if (status === 404) {
        return { document: emptyCacheDocument(), etag: undefined };
      }
      throw storageUnavailable("The token cache storage", error);
    }

    try {
      const stored = { document: openTokenCache(this.keyRing, tenantId, bytes), etag };
      this.recent.remember(tenantId, stored);
      return stored;
    } catch (error) {
      if (error instanceof EnvelopeUnreadableError) {
        throw new BrokerError(
          "token_cache_unreadable",
          `The token cache of tenant ${tenantId} cannot be decrypted or parsed (${error.message}). ` +
            "It was left untouched; restore it from a snapshot or check TOKEN_CACHE_KEYS.",
          { cause: error },
        );
      }
      throw error;
    }
  }

  /**
   * Applies `change` to the tenant's cache and writes it back under an ETag condition; on a
   * conflict, reads again and re-applies `change` to what the other writer left. `start` spares
   * the first read when the caller has just read the cache. Returns what was written, or the
   * current cache when `change` altered nothing.
   */
  async update(
    tenantId: string,
    change: (document: CacheDocument) => CacheDocument,
    log: BrokerLog,
    start?: StoredTokenCache,
  ): Promise<StoredTokenCache> {
    let current = start ?? (await this.read(tenantId, { fresh: true }));
    for (let attempt = 1; ; attempt++) {
      const next = change(current.document);
      if (isDeepStrictEqual(next, current.document)) {
        return current;
      }
      const etag = await this.tryWrite(tenantId, next, current.etag);
      if (etag) {
        log.info("token_cache.written", { tenant: tenantId, attempt });
        const written = { document: next, etag };
        this.recent.remember(tenantId, written);
        return written;
      }
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw new BrokerError(
          "storage_unavailable",
          `The token cache of tenant ${tenantId} is changing too fast to write; try again.`,
          { retryAfterSeconds: 1 },
        );
      }
      log.info("token_cache.conflict_retried", { tenant: tenantId, attempt });
      current = await this.read(tenantId, { fresh: true });
    }
  }

  /** One client per tenant blob: making one costs more than a cached token's whole lookup. */
  private blob(tenantId: string): BlockBlobClient {
    let blob = this.blobs.get(tenantId);
    if (!blob) {
      blob = this.container.getBlockBlobClient(tokenCacheBlobName(tenantId));
      this.blobs.set(tenantId, blob);
    }
    return blob;
  }

  /** Writes if nobody else wrote since `etag`; returns the new ETag, or undefined on conflict. */
  private async tryWrite(
    tenantId: string,
    document: CacheDocument,
    etag: string | undefined,
  ): Promise<string | undefined> {
    const body = JSON.stringify(sealTokenCache(this.keyRing, tenantId, document));
    try {
      const response = await this.blob(tenantId).upload(body, Buffer.byteLength(body), {
        // A new blob may only be created if none exists: Azure answers 409 when one does.
        conditions: etag ? { ifMatch: etag } : { ifNoneMatch: "*" },
        blobHTTPHeaders: { blobContentType: "application/json" },
      });
      return response.etag;
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 409) {
        return undefined;
      }
      throw storageUnavailable("The token cache storage", error);
    }
  }
}

async function streamToBuffer(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? []) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}
