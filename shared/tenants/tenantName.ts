import { BrokerError } from "../http/BrokerError";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Entra accepts these in place of a tenant, but they name no tenant and hence no token cache.
const NOT_A_TENANT = new Set(["common", "organizations", "consumers"]);

/** True for a tenant GUID. */
export function isTenantGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * Normalizes a `{tenant}` route value: a GUID or a verified domain name, lower-cased. Anything
 * else is the caller's mistake (400) and is refused before any call to Entra.
 */
export function parseTenantName(value: string): string {
  const name = value.trim().toLowerCase();
  if (isTenantGuid(name)) {
    return name;
  }
  const labels = name.split(".");
  // A top-level label of digits only would make an IP address, not a domain.
  const isDomain =
    name.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1]!);
  if (!isDomain || NOT_A_TENANT.has(name)) {
    throw new BrokerError(
      "invalid_tenant",
      "The tenant must be a tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com.",
    );
  }
  return name;
}
