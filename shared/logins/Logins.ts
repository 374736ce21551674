import { randomUUID } from "node:crypto";
import type { AccountIndex } from "../accounts/AccountIndex";
import { BrokerError } from "../http/BrokerError";
import type { EntraClient } from "../identity/EntraClient";
import { EntraError } from "../identity/EntraError";
import type { BrokerLog } from "../log/BrokerLog";
import type { Tenant } from "../tenants/TenantDirectory";
import { cacheEntriesFromTokenResponse } from "../tokenCache/cacheEntriesFromTokenResponse";
import type { TokenCacheStore } from "../tokenCache/TokenCacheStore";
import type { Login } from "./Login";
import type { LoginTable, StoredLogin } from "./LoginTable";
import type { PendingLoginPointers } from "./PendingLoginPointers";

/** A login and how long the caller should wait before polling it again. */
export interface PolledLogin {
  login: Login;
  retryAfterSeconds?: number;
}

export interface LoginsDependencies {
  entra: EntraClient;
  table: LoginTable;
  pointers: PendingLoginPointers;
  tokenCaches: TokenCacheStore;
  accounts: AccountIndex;
  clientId: string;
  /** MSAL's cache environment: the authority's `host[:port]`. */
  environment: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

// RFC 8628 3.5: on `slow_down` the client adds 5 seconds to its polling interval for good.
const SLOW_DOWN_SECONDS = 5;
// A pending login with less time left than this is not handed to a new job.
const SHARE_MARGIN_MS = 10_000;
// How long a job waits for another instance that is starting the shared login.
const STARTING_TIMEOUT_MS = 15_000;
const LOGIN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FINAL_REASONS: Record<string, { status: Login["status"]; reason: string }> = {
  authorization_declined: { status: "declined", reason: "The person signing in declined." },
  expired_token: { status: "expired", reason: "The code expired before anyone signed in." },
  bad_verification_code: { status: "failed", reason: "Entra ID does not know this device code." },
};

/**
 * Device-code logins, run one request at a time so that any function instance can answer any
 * poll: start asks Entra for a code; each poll sends at most one token request, and never
 * before the interval has passed since the previous one, whichever instance sent it.
 */
export class Logins {
  constructor(private readonly deps: LoginsDependencies) {}

  /** Starts a new login for a tenant and scopes: one request to Entra's devicecode endpoint. */
  async start(tenant: Tenant, scopes: string[], log: BrokerLog, claims?: string): Promise<Login> {
    const grant = await this.deps.entra.requestDeviceCode(tenant.configuration, scopes, claims);
    const now = this.deps.now();
    const login: Login = {
      id: randomUUID(),
      tenantId: tenant.tenantId,
      status: "pending",
      scopes,
      userCode: grant.userCode,
      verificationUri: grant.verificationUri,
      message: grant.message,
      expiresOn: new Date(now + grant.expiresIn * 1000).toISOString(),
      interval: grant.interval,
    };
    await this.deps.table.create(login, grant.deviceCode, now + grant.interval * 1000);
    log.info("login.started", {
      tenant: tenant.tenantId,
      login: login.id,
      scopes: scopes.join(" "),
    });
    return login;
  }

  /**
   * The login pending for this tenant and these scopes, started if there is none, so that every
   * job waiting on the same tenant shares one code.
   */
  async findOrStart(
    tenant: Tenant,
    scopes: string[],
    log: BrokerLog,
    claims?: string,
  ): Promise<Login> {
    const { pointers, table, now, sleep } = this.deps;
    const subject = { scopes, claims };
    const deadline = now() + STARTING_TIMEOUT_MS;
    while (now() < deadline) {
      const pointer = await pointers.read(tenant.tenantId, subject);
      if (pointer?.loginId) {
        const stored = await table.read(tenant.tenantId, pointer.loginId);
        if (stored && this.isShareable(stored.login)) {
          return stored.login;
        }
      } else if (pointer && now() - pointer.claimedAt < STARTING_TIMEOUT_MS) {
        await sleep(200);
        continue;
      }

      const claimedAt = now();
      const etag = await pointers.claim(tenant.tenantId, subject, pointer, claimedAt);
      if (!etag) {
        await sleep(100);
        continue;
      }
      try {
        const login = await this.start(tenant, scopes, log, claims);
        await pointers.set(tenant.tenantId, subject, login.id, claimedAt, etag);
        return login;
      } catch (error) {
        await pointers.set(tenant.tenantId, subject, "", 0, etag);
        throw error;
      }
    }
    throw new BrokerError("storage_unavailable", "Another instance is still starting this login.", {
      retryAfterSeconds: 2,
    });
  }

  /** Answers a poll; sends at most one token request, and only once the interval has passed. */
  async poll(tenant: Tenant, loginId: string, log: BrokerLog): Promise<PolledLogin> {
    const stored = await this.read(tenant, loginId);
    const { login } = stored;
    if (login.status !== "pending") {
      return { login };
    }

    const now = this.deps.now();
    if (now >= Date.parse(login.expiresOn)) {
      return this.finish(stored, FINAL_REASONS.expired_token!, log);
    }
    if (now < stored.nextPollAt) {
      return { login, retryAfterSeconds: Math.ceil((stored.nextPollAt - now) / 1000) };
    }

    // Claim this poll: only the instance whose ETag-conditional write wins sends the request.
    const claim = await this.deps.table.update(
      login,
      { nextPollAt: now + login.interval * 1000 },
      stored.etag,
    );
    if (!claim) {
      const current = await this.read(tenant, loginId);
      return { login: current.login, retryAfterSeconds: login.interval };
    }
    return this.redeem(tenant, { ...stored, etag: claim }, log);
  }

  private async redeem(tenant: Tenant, stored: StoredLogin, log: BrokerLog): Promise<PolledLogin> {
    const { login } = stored;
    const requestedAt = this.deps.now();
    try {
      const tokens = await this.deps.entra.redeemDeviceCode(
        tenant.configuration,
        stored.deviceCode,
      );
      return await this.complete(stored, tokens, requestedAt, log);
    } catch (error) {
      if (error instanceof EntraError && FINAL_REASONS[error.error]) {
        return this.finish(stored, FINAL_REASONS[error.error]!, log);
      }
      if (error instanceof EntraError && error.error === "slow_down") {
        return this.wait(stored, login.interval + SLOW_DOWN_SECONDS);
      }
      if (error instanceof EntraError && error.error === "authorization_pending") {
        return this.wait(stored, login.interval);
      }
      if (error instanceof BrokerError && error.code === "identity_provider_unavailable") {
        log.warn("login.poll_failed", {
          tenant: login.tenantId,
          login: login.id,
          error: error.detail,
        });
        return this.wait(stored, Math.max(login.interval, error.retryAfterSeconds ?? 0));
      }
      if (error instanceof EntraError) {
        const reason = `Entra ID refused the sign-in (${error.error}${error.aadsts ? `, AADSTS${error.aadsts}` : ""}).`;
        return this.finish(stored, { status: "failed", reason }, log);
      }
      throw error;
    }
  }

  /** Waits `interval` from now, counted after the answer so requests never come closer. */
  private async wait(stored: StoredLogin, interval: number): Promise<PolledLogin> {
    const nextPollAt = this.deps.now() + interval * 1000;
    await this.deps.table.update(stored.login, { interval, nextPollAt }, stored.etag);
    return { login: { ...stored.login, interval }, retryAfterSeconds: interval };
  }

  private async complete(
    stored: StoredLogin,
    tokens: Parameters<typeof cacheEntriesFromTokenResponse>[0],
    requestedAt: number,
    log: BrokerLog,
  ): Promise<PolledLogin> {
    const { login } = stored;
    const { account, change } = cacheEntriesFromTokenResponse(tokens, {
      environment: this.deps.environment,
      clientId: this.deps.clientId,
      tenantId: login.tenantId,
      requestedScopes: login.scopes,
      requestedAt,
    });
    // Known gap: if this instance dies between redeeming the device code and this write, the
    // tokens are lost and the login stays pending until it expires; the person signs in again.
    try {
      await this.deps.tokenCaches.update(login.tenantId, change, log);
    } catch (error) {
      if (error instanceof BrokerError) {
        return this.finish(stored, { status: "failed", reason: error.detail }, log);
      }
      throw error;
    }
    const accessTokenExpiresOn = new Date(requestedAt + tokens.expires_in * 1000).toISOString();
    await this.deps.accounts.recordSignIn(
      login.tenantId,
      account,
      login.scopes,
      accessTokenExpiresOn,
      requestedAt,
    );

    const completed: Login = { ...login, status: "completed", account, accessTokenExpiresOn };
    await this.deps.table.update(
      login,
      { status: "completed", account, accessTokenExpiresOn },
      undefined,
    );
    log.info("login.completed", {
      tenant: login.tenantId,
      login: login.id,
      account: account.homeAccountId,
    });
    return { login: completed };
  }

  private async finish(
    stored: StoredLogin,
    outcome: { status: Login["status"]; reason: string },
    log: BrokerLog,
  ): Promise<PolledLogin> {
    const etag = await this.deps.table.update(stored.login, outcome, stored.etag);
    if (!etag) {
      return { login: (await this.read(stored.login, stored.login.id)).login };
    }
    log.info(`login.${outcome.status}`, { tenant: stored.login.tenantId, login: stored.login.id });
    return { login: { ...stored.login, ...outcome } };
  }

  private async read(tenant: Pick<Tenant, "tenantId">, loginId: string): Promise<StoredLogin> {
    const stored = LOGIN_ID.test(loginId)
      ? await this.deps.table.read(tenant.tenantId, loginId.toLowerCase())
      : undefined;
    if (!stored) {
      throw new BrokerError(
        "login_not_found",
        `Tenant ${tenant.tenantId} has no login ${loginId}.`,
      );
    }
    return stored;
  }

  private isShareable(login: Login): boolean {
    return (
      login.status === "pending" && Date.parse(login.expiresOn) - this.deps.now() > SHARE_MARGIN_MS
    );
  }
}
