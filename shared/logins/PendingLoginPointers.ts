import type { TableClient } from "@azure/data-tables";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";
import { pendingLoginKey } from "./pendingLoginKey";

/** What a pending login is for: its scopes, and the claims challenge it must meet, if any. */
export interface PendingLoginSubject {
  scopes: readonly string[];
  claims?: string | undefined;
}

/** Which login is pending for a tenant and a set of scopes; `loginId` is empty while starting. */
export interface PendingLoginPointer {
  loginId: string;
  claimedAt: number;
  etag: string | undefined;
}

interface PointerEntity {
  partitionKey: string;
  rowKey: string;
  loginId: string;
  claimedAt: number;
}

/**
 * Rows in the `logins` table that point at the login pending for a tenant and scopes. Taking a
 * pointer is an insert (or an ETag-conditional replace of a stale one), so when many jobs need
 * the same login at once exactly one of them starts it and the others wait for its code.
 */
export class PendingLoginPointers {
  constructor(private readonly table: TableClient) {}

  async read(
    tenantId: string,
    pending: PendingLoginSubject,
  ): Promise<PendingLoginPointer | undefined> {
    try {
      const entity = await this.table.getEntity<PointerEntity>(
        tenantId,
        pendingLoginKey(pending.scopes, pending.claims),
      );
      return { loginId: entity.loginId, claimedAt: entity.claimedAt, etag: entity.etag };
    } catch (error) {
      if (storageStatus(error) === 404) {
        return undefined;
      }
      throw storageUnavailable("The logins table", error);
    }
  }

  /**
   * Takes the pointer to start a new login: creates it, or replaces `stale` if nobody changed it
   * since. Returns the new ETag, or undefined when another instance took it first.
   */
  async claim(
    tenantId: string,
    pending: PendingLoginSubject,
    stale: PendingLoginPointer | undefined,
    now: number,
  ): Promise<string | undefined> {
    const entity = this.entity(tenantId, pending, "", now);
    try {
      const response = stale?.etag
        ? await this.table.updateEntity(entity, "Replace", { etag: stale.etag })
        : await this.table.createEntity(entity);
      return response.etag;
    } catch (error) {
      const status = storageStatus(error);
      if (status === 409 || status === 412) {
        return undefined;
      }
      throw storageUnavailable("The logins table", error);
    }
  }

  /** Points a claimed pointer at the login that was started, or releases it (`loginId` ""). */
  async set(
    tenantId: string,
    pending: PendingLoginSubject,
    loginId: string,
    claimedAt: number,
    etag: string,
  ): Promise<void> {
    try {
      await this.table.updateEntity(this.entity(tenantId, pending, loginId, claimedAt), "Replace", {
        etag,
      });
    } catch (error) {
      // Someone took over a claim we held too long; their login wins and ours stays usable alone.
      if (storageStatus(error) !== 412) {
        throw storageUnavailable("The logins table", error);
      }
    }
  }

  private entity(
    tenantId: string,
    pending: PendingLoginSubject,
    loginId: string,
    claimedAt: number,
  ): PointerEntity {
    return {
      partitionKey: tenantId,
      rowKey: pendingLoginKey(pending.scopes, pending.claims),
      loginId,
      claimedAt,
    };
  }
}
