import type { TableClient } from "@azure/data-tables";
import type { KeyRing } from "../crypto/keyRing";
import { open, seal, type SealedSecret } from "../crypto/secretBox";
import { storageStatus } from "../storage/storageClients";
import { storageUnavailable } from "../storage/storageUnavailable";
import type { Login, LoginStatus } from "./Login";

interface LoginEntity {
  partitionKey: string;
  rowKey: string;
  status: LoginStatus;
  scopes: string;
  userCode: string;
  verificationUri: string;
  message: string;
  expiresOn: string;
  interval: number;
  /** Epoch ms before which no instance may send a token request for this device code. */
  nextPollAt: number;
  deviceCode: string;
  homeAccountId?: string;
  username?: string;
  accessTokenExpiresOn?: string;
  reason?: string;
}

/** A login row with the ETag it was read at, and the device code opened. */
export interface StoredLogin {
  login: Login;
  deviceCode: string;
  nextPollAt: number;
  etag: string;
}

/** The parts of a login row that a poll changes. */
export type LoginChange = Partial<Pick<LoginEntity, "status" | "interval" | "nextPollAt">> &
  Partial<Pick<Login, "reason" | "account" | "accessTokenExpiresOn">>;

/**
 * The `logins` table: one row per login, partitioned by tenant, so that any instance can answer
 * any poll. The device code is sealed with the token cache key ring and bound to its row.
 */
export class LoginTable {
  constructor(
    private readonly table: TableClient,
    private readonly keyRing: KeyRing,
  ) {}

  async create(login: Login, deviceCode: string, nextPollAt: number): Promise<void> {
    const entity: LoginEntity = {
      partitionKey: login.tenantId,
      rowKey: login.id,
      status: login.status,
      scopes: JSON.stringify(login.scopes),
      userCode: login.userCode,
      verificationUri: login.verificationUri,
      message: login.message,
      expiresOn: login.expiresOn,
      interval: login.interval,
      nextPollAt,
      deviceCode: JSON.stringify(
        seal(this.keyRing, Buffer.from(deviceCode, "utf8"), context(login)),
      ),
    };
    await guard(this.table.createEntity(entity));
  }

  /** The login, or undefined when this tenant has none with that id. */
  async read(tenantId: string, loginId: string): Promise<StoredLogin | undefined> {
    let entity: LoginEntity & { etag: string };
    try {
      entity = await this.table.getEntity<LoginEntity>(tenantId, loginId);
    } catch (error) {
      if (storageStatus(error) === 404) {
        return undefined;
      }
      throw storageUnavailable("The logins table", error);
    }
    const login: Login = {
      id: entity.rowKey,
      tenantId: entity.partitionKey,
      status: entity.status,
      scopes: JSON.parse(entity.scopes) as string[],
      userCode: entity.userCode,
      verificationUri: entity.verificationUri,
      message: entity.message,
      expiresOn: entity.expiresOn,
      interval: entity.interval,
      ...(entity.homeAccountId && entity.username
        ? {
            account: {
              homeAccountId: entity.homeAccountId,
              username: entity.username,
              tenantId: entity.partitionKey,
            },
          }
        : {}),
      ...(entity.accessTokenExpiresOn ? { accessTokenExpiresOn: entity.accessTokenExpiresOn } : {}),
      ...(entity.reason ? { reason: entity.reason } : {}),
    };
    const deviceCode = open(
      this.keyRing,
      JSON.parse(entity.deviceCode) as SealedSecret,
      context(login),
    ).toString("utf8");
    return { login, deviceCode, nextPollAt: entity.nextPollAt, etag: entity.etag };
  }

  /**
   * Changes a login if nobody else changed it since `etag` (or unconditionally when `etag` is
   * undefined). Returns the new ETag, or undefined when another instance got there first.
   */
  async update(
    login: Login,
    change: LoginChange,
    etag: string | undefined,
  ): Promise<string | undefined> {
    const { account, ...fields } = change;
    const entity = {
      partitionKey: login.tenantId,
      rowKey: login.id,
      ...fields,
      ...(account ? { homeAccountId: account.homeAccountId, username: account.username } : {}),
    };
    try {
      const response = await this.table.updateEntity(entity, "Merge", { etag: etag ?? "*" });
      return response.etag;
    } catch (error) {
      if (storageStatus(error) === 412) {
        return undefined;
      }
      throw storageUnavailable("The logins table", error);
    }
  }
}

const context = (login: Pick<Login, "tenantId" | "id">) => `login|${login.tenantId}|${login.id}`;

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw storageUnavailable("The logins table", error);
  }
}
