import type { BlockBlobClient, ContainerClient } from "@azure/storage-blob";
import { BrokerError } from "../http/BrokerError";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";
import { tokenCacheBlobName } from "../tokenCache/TokenCacheStore";
import {
  fromSnapshotMetadata,
  toSnapshotMetadata,
  type CacheSnapshot,
  type SnapshotFields,
} from "./snapshotMetadata";

/** The tenant's cache blob as stored: the sealed envelope and the ETag it was read at. */
export interface SealedCacheBlob {
  bytes: Buffer;
  etag: string;
}

// Azure names a snapshot by its timestamp, with up to seven decimals of a second.
const SNAPSHOT_ID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;
const CACHE_BLOB =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/token-cache\.json$/;
const WHAT = "The token cache storage";

/**
 * Blob snapshots of each tenant's token cache blob: read-only copies that Azure Storage keeps
 * beside the blob, named by their timestamp, with the label and accounts in their metadata.
 * Deleting the base blob is refused while it has snapshots, so a snapshot never outlives it.
 */
export class CacheSnapshots {
  constructor(private readonly container: ContainerClient) {}

  /** The tenant's cache blob as stored, or undefined when there is none. */
  async current(tenantId: string): Promise<SealedCacheBlob | undefined> {
    try {
      const response = await this.blob(tenantId).download();
      return {
        bytes: await streamToBuffer(response.readableStreamBody),
        etag: response.etag ?? "",
      };
    } catch (error) {
      if (storageStatus(error) === 404) {
        return undefined;
      }
      throw storageUnavailable(WHAT, error);
    }
  }

  /**
   * Snapshots the tenant's blob if it is still at `etag`, so that `fields` describe exactly what
   * the snapshot holds; undefined when the blob changed or vanished since it was read.
   */
  async create(
    tenantId: string,
    etag: string,
    fields: SnapshotFields,
  ): Promise<CacheSnapshot | undefined> {
    try {
      const response = await this.blob(tenantId).createSnapshot({
        metadata: toSnapshotMetadata(fields),
        conditions: { ifMatch: etag },
      });
      return { id: response.snapshot ?? "", ...fields };
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 404) {
        return undefined;
      }
      throw storageUnavailable(WHAT, error);
    }
  }

  /** The tenant's snapshots, newest first. */
  async list(tenantId: string): Promise<CacheSnapshot[]> {
    return (await this.walk(tokenCacheBlobName(tenantId))).get(tenantId) ?? [];
  }

  /** The snapshots of every tenant, newest first per tenant. */
  listAll(): Promise<Map<string, CacheSnapshot[]>> {
    return this.walk(undefined);
  }

  /** What a snapshot holds: the sealed envelope as the blob held it then. */
  async read(tenantId: string, id: string): Promise<Buffer> {
    if (!SNAPSHOT_ID.test(id)) {
      throw notFound(tenantId, id);
    }
    try {
      const response = await this.blob(tenantId).withSnapshot(id).download();
      return await streamToBuffer(response.readableStreamBody);
    } catch (error) {
      if (storageStatus(error) === 404) {
        throw notFound(tenantId, id);
      }
      throw storageUnavailable(WHAT, error);
    }
  }

  /** Deletes one snapshot. Only a snapshot URL is ever deleted, never the base blob. */
  async remove(tenantId: string, id: string): Promise<void> {
    if (!SNAPSHOT_ID.test(id)) {
      throw notFound(tenantId, id);
    }
    try {
      await this.blob(tenantId).withSnapshot(id).delete();
    } catch (error) {
      if (storageStatus(error) !== 404) {
        throw storageUnavailable(WHAT, error);
      }
    }
  }

  private blob(tenantId: string): BlockBlobClient {
    return this.container.getBlockBlobClient(tokenCacheBlobName(tenantId));
  }

  private async walk(prefix: string | undefined): Promise<Map<string, CacheSnapshot[]>> {
    const byTenant = new Map<string, CacheSnapshot[]>();
    const items = this.container.listBlobsFlat({
      includeSnapshots: true,
      includeMetadata: true,
      ...(prefix === undefined ? {} : { prefix }),
    });
    try {
      for await (const item of items) {
        const tenantId = CACHE_BLOB.exec(item.name)?.[1];
        if (!tenantId || !item.snapshot || !SNAPSHOT_ID.test(item.snapshot)) {
          continue;
        }
        const snapshot = fromSnapshotMetadata(
          item.snapshot,
          item.metadata,
          item.properties.contentLength,
        );
        byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), snapshot]);
      }
    } catch (error) {
      throw storageUnavailable(WHAT, error);
    }
    for (const snapshots of byTenant.values()) {
      snapshots.sort(newestFirst);
    }
    return byTenant;
  }
}

/** Orders snapshots newest first by the time Azure Storage took them. */
export function newestFirst(a: CacheSnapshot, b: CacheSnapshot): number {
  return Date.parse(b.id) - Date.parse(a.id) || b.id.localeCompare(a.id);
}

function notFound(tenantId: string, id: string): BrokerError {
  return new BrokerError(
    "snapshot_not_found",
    `The token cache of tenant ${tenantId} has no snapshot '${id.slice(0, 40)}'.`,
  );
}

async function streamToBuffer(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? []) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}
