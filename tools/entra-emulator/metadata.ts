import type { EmulatorContext } from "./context";
import type { DirectoryTenant } from "./directory";
import { jwksOf } from "./jwt";

/**
 * The OpenID Connect discovery document of a tenant, in the shape of Entra's v2.0 document. The
 * issuer always names the tenant GUID, even when the request named a domain, as Entra does.
 * Only the token and device code endpoints and the JWKS are served; `authorization_endpoint`
 * and `end_session_endpoint` are advertised because clients require them, and answer 404.
 */
export function openIdConfiguration(
  context: EmulatorContext,
  tenant: DirectoryTenant,
): Record<string, unknown> {
  const tenantBase = `${context.baseUrl}/${tenant.tenantId}`;
  return {
    issuer: `${tenantBase}/v2.0`,
    authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
    token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${tenantBase}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
    jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
    token_endpoint_auth_methods_supported: ["none"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    response_modes_supported: ["query", "fragment", "form_post"],
    grant_types_supported: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "name", "oid", "tid", "ver"],
    request_uri_parameter_supported: false,
    tenant_region_scope: "EU",
    cloud_instance_name: "127.0.0.1",
  };
}

/** The JWKS document: the public half of the key that signs this emulator's tokens. */
export function signingKeys(context: EmulatorContext): unknown {
  return jwksOf(context.signingKey);
}
