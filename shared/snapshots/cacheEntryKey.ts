type Entity = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * The key msal-node gives a cache entry (its `CacheHelpers`): the parts joined with `-` and
 * lower-cased. Credentials end with the token scheme, empty for Bearer; a refresh token of an
 * app in the Microsoft family of client ids is keyed by the family id instead of the client id.
 */
// Known gap: msal-node appends a hash of `additionalCacheKeyComponents` (such as `fmi_path`, used
// by confidential clients) to some keys; entries carrying them are keyed without it, so MSAL would
// not find them. A public client never writes them; hashing them as msal-node does would fix it.
export function cacheEntryKey(section: string, entity: Entity): string {
  const home = text(entity.home_account_id);
  const environment = text(entity.environment);
  const join = (...parts: string[]) => parts.join("-").toLowerCase();

  switch (section) {
    case "Account":
      return join(home, environment, home.split(".")[1] || text(entity.realm));
    case "AppMetadata":
      return join("appmetadata", environment, text(entity.client_id));
    case "RefreshToken":
      return join(
        home,
        environment,
        "refreshtoken",
        text(entity.family_id) || text(entity.client_id),
        "",
        "",
        "",
      );
    default: {
      const tokenType = text(entity.token_type).toLowerCase();
      const scheme = tokenType && tokenType !== "bearer" ? tokenType : "";
      return join(
        home,
        environment,
        text(entity.credential_type) || section,
        text(entity.client_id),
        text(entity.realm),
        text(entity.target),
        scheme,
      );
    }
  }
}
