import type { AccountInfo, AuthenticationResult, INetworkModule } from "@azure/msal-node";
import { BrokerError } from "../http/BrokerError";
import { classifyMsalError, type MsalFailure } from "../identity/classifyMsalError";
import { createTenantApp } from "../identity/createTenantApp";
import type { BrokerLog } from "../log/BrokerLog";
import type { Tenant } from "../tenants/TenantDirectory";
import type { CacheDocument } from "../tokenCache/cacheDocument";
import type { RefreshLeases } from "../tokenCache/RefreshLeases";
import { TenantCachePlugin } from "../tokenCache/TenantCachePlugin";
import { hasUsableAccessToken } from "../tokenCache/usableAccessToken";
import { withoutAccessTokensFor } from "../tokenCache/withoutAccessTokensFor";
import { withoutRefusedTokens } from "../tokenCache/withoutRefusedTokens";
import type { TokenCacheStore } from "../tokenCache/TokenCacheStore";

/** What it takes to open a session on a tenant's token cache. */
export interface TenantSessionDependencies {
  tokenCaches: TokenCacheStore;
  authorityHost: string;
  clientId: string;
  networkClient?: INetworkModule;
  leases: RefreshLeases;
  now: () => number;
}

/** A silent token request's outcome: a token, or why a person must sign in. */
export type SilentOutcome =
  | { kind: "token"; result: AuthenticationResult; refreshed: boolean }
  | Exclude<MsalFailure, BrokerError>;

/**
 * MSAL on one tenant's token cache for one piece of work: the cache is read once and every
 * change is written back under its ETag.
 */
export class TenantSession {
  private readonly plugin: TenantCachePlugin;
  private readonly app;
  private readonly leases: RefreshLeases;
  private readonly tokenCaches: TokenCacheStore;
  private readonly now: () => number;
  private leased = false;
  private knownAccounts: Promise<AccountInfo[]> | undefined;

  constructor(
    deps: TenantSessionDependencies,
    readonly tenant: Tenant,
    private readonly log: BrokerLog,
  ) {
    this.leases = deps.leases;
    this.tokenCaches = deps.tokenCaches;
    this.now = deps.now;
    this.plugin = new TenantCachePlugin(deps.tokenCaches, tenant.tenantId, log, deps.now);
    this.app = createTenantApp(tenant, {
      authorityHost: deps.authorityHost,
      clientId: deps.clientId,
      cachePlugin: this.plugin,
      log,
      ...(deps.networkClient ? { networkClient: deps.networkClient } : {}),
    });
  }

  /**
   * The accounts in the tenant's cache, listed once per cache read: a timer run asks for every
   * account of the tenant, and MSAL's listing walks the whole cache each time.
   */
  accounts(): Promise<AccountInfo[]> {
    this.knownAccounts ??= this.app.getAllAccounts();
    return this.knownAccounts;
  }

  /**
   * A token for the account from the cache, refreshed with the refresh token when needed (or
   * always, with `forceRefresh`). A call that will go to Entra takes the tenant's refresh lease
   * first and then reads the cache again, so it presents the newest refresh token. Entra's
   * outages throw a 503 {@link BrokerError}.
   */
  async acquire(
    account: AccountInfo,
    scopes: string[],
    forceRefresh = false,
  ): Promise<SilentOutcome> {
    const fromCache =
      !forceRefresh &&
      hasUsableAccessToken(this.plugin.document, account.homeAccountId, scopes, this.now());
    const outcome =
      fromCache || this.leased
        ? await this.tryAcquire(account, scopes, forceRefresh)
        : await this.withRefreshLease(() => this.tryAcquire(account, scopes, forceRefresh));
    if (outcome.kind === "login_required" && outcome.accountUnusable) {
      await this.forgetRefusedTokens(account);
    }
    return outcome;
  }

  /** Drops the refused refresh token and the access tokens minted with it from the cache. */
  async forgetRefusedTokens(account: AccountInfo): Promise<void> {
    await this.plugin.flush();
    const refused = this.plugin.refreshTokensOf(account.homeAccountId);
    const refusedAt = Math.floor(this.now() / 1000);
    await this.rewriteCache((document) =>
      withoutRefusedTokens(document, account.homeAccountId, refused, refusedAt),
    );
  }

  /** Drops the account's access tokens for scopes that Entra refused for want of consent. */
  async forgetAccessTokensFor(account: AccountInfo, scopes: readonly string[]): Promise<void> {
    await this.plugin.flush();
    await this.rewriteCache((document) =>
      withoutAccessTokensFor(document, account.homeAccountId, scopes),
    );
  }

  private async rewriteCache(change: (document: CacheDocument) => CacheDocument): Promise<void> {
    await this.tokenCaches.update(this.tenant.tenantId, change, this.log);
    this.plugin.forget();
    this.knownAccounts = undefined;
  }

  /**
   * Runs `work` holding the tenant's refresh lease, on a cache read after the lease was taken.
   * With `batch`, the cache changes of all of `work` are written once, when it ends.
   */
  async withRefreshLease<T>(work: () => Promise<T>, options: { batch?: boolean } = {}): Promise<T> {
    if (this.leased) {
      return work();
    }
    return this.leases.hold(this.tenant.tenantId, this.log, async () => {
      this.leased = true;
      this.plugin.forget();
      this.knownAccounts = undefined;
      if (options.batch) {
        this.plugin.holdWrites();
      }
      try {
        return await work();
      } finally {
        this.leased = false;
        await this.plugin.releaseWrites();
      }
    });
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
}
