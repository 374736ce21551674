/** OpenID Connect scopes come with every token; they say nothing about which resource it serves. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set([
  "openid",
  "profile",
  "offline_access",
  "email",
]);

/** The resource scopes of a list, or of a token's space-separated `target`, lower-cased. */
export function resourceScopes(scopes: string | readonly string[]): string[] {
  const list = typeof scopes === "string" ? scopes.split(/\s+/) : scopes;
  return list
    .map((scope) => scope.toLowerCase())
    .filter((scope) => scope && !OIDC_SCOPES.has(scope));
}

/** True when a token whose `target` is this holds every resource scope of `scopes`, in any case. */
export function targetCovers(target: string | undefined, scopes: readonly string[]): boolean {
  const held = new Set((target ?? "").toLowerCase().split(/\s+/));
  return resourceScopes(scopes).every((scope) => held.has(scope));
}
