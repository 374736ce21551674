import { createHash } from "node:crypto";

/**
 * The row key under which the login pending for a tenant and a set of scopes is found, so that
 * every job waiting on the same tenant and scopes shares one code. Scope order and case do not
 * matter, as they do not to Entra; a login that must meet a claims challenge is a different one.
 */
export function pendingLoginKey(scopes: readonly string[], claims = ""): string {
  const canonical =
    [...new Set(scopes.map((scope) => scope.toLowerCase()))].sort().join(" ") + `|${claims}`;
  return `pending-${createHash("sha256").update(canonical).digest("hex").slice(0, 40)}`;
}
