/** Microsoft Graph's application id: the `aud` of Graph access tokens. */
export const graphResourceId = "00000003-0000-0000-c000-000000000000";

const graphResourceNames = new Set(["https://graph.microsoft.com", graphResourceId]);
const openIdScopes = new Set(["openid", "profile", "offline_access", "email"]);

/** One permission on a resource, e.g. `https://graph.microsoft.com/Calendars.Read`. */
export interface ResourceScope {
  /** As the client spelled it; echoed in the token response so MSAL's cache lookups match. */
  original: string;
  /** The access token audience: Graph's application id, or the resource URI as given. */
  resource: string;
  /** The short name that goes into the `scp` claim. */
  name: string;
  /** Case-insensitive identity of the permission, used to record and check consent. */
  key: string;
}

/** A parsed `scope` parameter. */
export interface ScopeRequest {
  /** OpenID Connect scopes (`openid`, `profile`, `offline_access`, `email`) in request order. */
  openId: string[];
  resourceScopes: ResourceScope[];
  /** Distinct audiences of `resourceScopes`; Entra allows one resource per token request. */
  resources: string[];
}

/**
 * Parses a space-separated `scope` value. A bare name (`User.Read`) means a Graph permission,
 * as it does at Entra; a URI scope belongs to the resource before its last `/`.
 *
 * Known gap: `.default` is treated as a permission named ".default" instead of expanding to the
 * app registration's static permissions, because the emulator has no app registrations.
 */
export function parseScopes(raw: string): ScopeRequest {
  const openId: string[] = [];
  const resourceScopes: ResourceScope[] = [];

  for (const scope of new Set(raw.split(" ").filter((part) => part.length > 0))) {
    if (openIdScopes.has(scope.toLowerCase())) {
      openId.push(scope);
    } else {
      resourceScopes.push(toResourceScope(scope));
    }
  }

  const resources = [...new Set(resourceScopes.map((scope) => scope.resource))];
  return { openId, resourceScopes, resources };
}

/** The consent keys a scope request needs. */
export function consentKeysOf(request: ScopeRequest): string[] {
  return request.resourceScopes.map((scope) => scope.key);
}

function toResourceScope(original: string): ResourceScope {
  const slash = original.lastIndexOf("/");
  const prefix = slash < 0 ? "" : original.slice(0, slash);
  const name = slash < 0 ? original : original.slice(slash + 1);
  const resource =
    prefix === "" || graphResourceNames.has(prefix.toLowerCase()) ? graphResourceId : prefix;
  return { original, resource, name, key: `${resource.toLowerCase()}/${name.toLowerCase()}` };
}
