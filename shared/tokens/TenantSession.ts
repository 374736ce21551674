import type { AccountInfo, AuthenticationResult, INetworkModule } from "@azure/msal-node";
import { isDeepStrictEqual } from "node:util";
import { BrokerError } from "../http/BrokerError";
import { classifyMsalError } from "../identity/classifyMsalError";
import { createTenantApp } from "../identity/createTenantApp";
import type { BrokerLog } from "../log/BrokerLog";
import type { Tenant } from "../tenants/TenantDirectory";
import { TenantCachePlugin } from "../tokenCache/TenantCachePlugin";
import type { TokenCacheStore } from "../tokenCache/TokenCacheStore";

/** What it takes to open a session on a tenant's token cache. */
export interface TenantSessionDependencies {
  tokenCaches: TokenCacheStore;
  authorityHost: string;
  clientId: string;
  networkClient?: INetworkModule;
  now: () => number;
}

/** A silent token request's outcome: a token, or why a person must sign in. */
export type SilentOutcome =
  | { kind: "token"; result: AuthenticationResult; refreshed: boolean }
  | { kind: "login_required"; reason: string; accountUnusable: boolean; claims?: string };

/**
 * MSAL on one tenant's token cache for one piece of work: the cache is read once and every
 * change is written back under its ETag.
 */
export class TenantSession {
  private readonly plugin: TenantCachePlugin;
  private readonly app;

  constructor(
    deps: TenantSessionDependencies,
    readonly tenant: Tenant,
    private readonly log: BrokerLog,
  ) {
    this.plugin = new TenantCachePlugin(deps.tokenCaches, tenant.tenantId, log, deps.now);
    this.app = createTenantApp(tenant, {
      authorityHost: deps.authorityHost,
      clientId: deps.clientId,
      cachePlugin: this.plugin,
      log,
      ...(deps.networkClient ? { networkClient: deps.networkClient } : {}),
    });
  }

  accounts(): Promise<AccountInfo[]> {
    return this.app.getAllAccounts();
  }

  /**
   * A token for the account from the cache, refreshed with the refresh token when needed (or
   * always, with `forceRefresh`). Entra's outages throw a 503 {@link BrokerError}.
   */
  async acquire(
    account: AccountInfo,
    scopes: string[],
    forceRefresh = false,
  ): Promise<SilentOutcome> {
    const outcome = await this.tryAcquire(account, scopes, forceRefresh);
    if (outcome.kind === "login_required" && (await this.anotherWriterRotated(account))) {
      // Another instance rotated the refresh token after this one read the cache; when Entra
      // accepts only the newest one, the refusal says nothing about the account. Try again.
      this.log.info("token.refresh_retried_with_newer_token", {
        tenant: this.tenant.tenantId,
        account: account.homeAccountId,
      });
      return this.tryAcquire(account, scopes, forceRefresh);
    }
    return outcome;
  }

  private async tryAcquire(
    account: AccountInfo,
    scopes: string[],
    forceRefresh: boolean,
  ): Promise<SilentOutcome> {
    try {
      const result = await this.app.acquireTokenSilent({ account, scopes, forceRefresh });
      return { kind: "token", result, refreshed: !result.fromCache };
    } catch (error) {
      const failure = classifyMsalError(error);
      if (failure instanceof BrokerError) {
        throw failure;
      }
      return failure;
    }
  }

  private async anotherWriterRotated(account: AccountInfo): Promise<boolean> {
    const used = this.plugin.refreshTokensOf(account.homeAccountId);
    this.plugin.forget();
    await this.app.getAllAccounts();
    const current = this.plugin.refreshTokensOf(account.homeAccountId);
    return current.length > 0 && !isDeepStrictEqual(used, current);
  }
}
