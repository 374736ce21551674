import {
  LogLevel,
  PublicClientApplication,
  type ICachePlugin,
  type INetworkModule,
} from "@azure/msal-node";
import type { BrokerLog } from "../log/BrokerLog";
import type { Tenant } from "../tenants/TenantDirectory";

export interface TenantAppOptions {
  authorityHost: string;
  clientId: string;
  cachePlugin: ICachePlugin;
  log: BrokerLog;
  /** MSAL's own network seam; production passes none and MSAL uses `fetch`. */
  networkClient?: INetworkModule;
}

/**
 * An MSAL public client for one tenant and one operation. The authority is the tenant GUID, and
 * the tenant's OpenID configuration is handed over so that a cold instance makes no discovery
 * call; naming the authority host as known also turns off MSAL's instance discovery.
 */
export function createTenantApp(
  tenant: Tenant,
  options: TenantAppOptions,
): PublicClientApplication {
  return new PublicClientApplication({
    auth: {
      clientId: options.clientId,
      authority: `${options.authorityHost}/${tenant.tenantId}`,
      knownAuthorities: [new URL(options.authorityHost).host],
      authorityMetadata: JSON.stringify(tenant.configuration),
    },
    cache: { cachePlugin: options.cachePlugin },
    system: {
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
      loggerOptions: {
        // Personal data stays out of the logs; MSAL never logs tokens at any level.
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          if (level <= LogLevel.Error) {
            options.log.warn("msal.error", { tenant: tenant.tenantId, message });
          }
        },
      },
    },
  });
}
