import type { AccountInfo, INetworkModule } from "@azure/msal-node";
import type { AccountIndex } from "../accounts/AccountIndex";
import { BrokerError } from "../http/BrokerError";
import { classifyMsalError } from "../identity/classifyMsalError";
import { createTenantApp } from "../identity/createTenantApp";
import type { BrokerLog } from "../log/BrokerLog";
import type { Login } from "../logins/Login";
import type { Logins } from "../logins/Logins";
import type { Tenant } from "../tenants/TenantDirectory";
import type { CachedAccount } from "../tokenCache/cacheEntriesFromTokenResponse";
import { TenantCachePlugin } from "../tokenCache/TenantCachePlugin";
import type { TokenCacheStore } from "../tokenCache/TokenCacheStore";

/** What a job asks for. `account` is a username or a home account id. */
export interface TokenRequest {
  scopes: string[];
  account?: string;
}

/** An access token for a job, or the login a person must complete first. */
export type TokenAnswer =
  | {
      kind: "token";
      accessToken: string;
      expiresOn: string;
      scopes: string[];
      account: CachedAccount;
    }
  | { kind: "login_required"; reason: string; login: Login };

export interface TokenBrokerDependencies {
  tokenCaches: TokenCacheStore;
  accounts: AccountIndex;
  logins: Logins;
  authorityHost: string;
  clientId: string;
  networkClient?: INetworkModule;
  now: () => number;
}

/**
 * Hands access tokens to jobs from the tenant's token cache, refreshed by MSAL with the refresh
 * token when needed. When no token can be had without a person, it answers with the login that
 * is pending for the tenant and scopes, starting one if needed.
 */
export class TokenBroker {
  constructor(private readonly deps: TokenBrokerDependencies) {}

  async acquire(tenant: Tenant, request: TokenRequest, log: BrokerLog): Promise<TokenAnswer> {
    const plugin = new TenantCachePlugin(
      this.deps.tokenCaches,
      tenant.tenantId,
      log,
      this.deps.now,
    );
    const app = createTenantApp(tenant, {
      authorityHost: this.deps.authorityHost,
      clientId: this.deps.clientId,
      cachePlugin: plugin,
      log,
      ...(this.deps.networkClient ? { networkClient: this.deps.networkClient } : {}),
    });

    const account = pickAccount(await app.getAllAccounts(), request.account);
    if (!account) {
      const reason = request.account
        ? `Account '${request.account}' is not signed in for this tenant.`
        : "No account is signed in for this tenant.";
      return this.loginRequired(tenant, request.scopes, reason, log);
    }

    try {
      const result = await app.acquireTokenSilent({ account, scopes: request.scopes });
      if (plugin.changedAccounts.size > 0 && plugin.document) {
        log.info("token.refreshed", { tenant: tenant.tenantId, account: account.homeAccountId });
        await this.deps.accounts.recordFromCache(
          tenant.tenantId,
          plugin.document,
          plugin.changedAccounts,
        );
      }
      return {
        kind: "token",
        accessToken: result.accessToken,
        expiresOn: (result.expiresOn ?? new Date(this.deps.now())).toISOString(),
        scopes: result.scopes,
        account: {
          homeAccountId: account.homeAccountId,
          username: account.username,
          tenantId: account.tenantId,
        },
      };
    } catch (error) {
      const failure = classifyMsalError(error);
      if (failure instanceof BrokerError) {
        throw failure;
      }
      log.warn("token.login_required", {
        tenant: tenant.tenantId,
        account: account.homeAccountId,
        reason: failure.reason,
      });
      if (failure.accountUnusable) {
        await this.deps.accounts.markLoginRequired(
          tenant.tenantId,
          account.homeAccountId,
          failure.reason,
        );
      }
      return this.loginRequired(tenant, request.scopes, failure.reason, log);
    }
  }

  private async loginRequired(
    tenant: Tenant,
    scopes: string[],
    reason: string,
    log: BrokerLog,
  ): Promise<TokenAnswer> {
    const login = await this.deps.logins.findOrStart(tenant, scopes, log);
    return { kind: "login_required", reason, login };
  }
}

/**
 * The account a request names, by username (case-insensitive) or home account id; the only
 * account when none is named. Several accounts and none named is the caller's mistake.
 */
function pickAccount(accounts: AccountInfo[], wanted: string | undefined): AccountInfo | undefined {
  if (wanted === undefined) {
    if (accounts.length > 1) {
      throw new BrokerError(
        "account_required",
        `This tenant has ${accounts.length} signed-in accounts; name one in 'account'.`,
      );
    }
    return accounts[0];
  }
  const needle = wanted.toLowerCase();
  return accounts.find(
    (a) => a.username.toLowerCase() === needle || a.homeAccountId.toLowerCase() === needle,
  );
}
