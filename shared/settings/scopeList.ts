const SCOPE = /^[\x21-\x7e]{1,512}$/;
const MAX_SCOPES = 50;

/** Splits a space-separated scope list; undefined when it is empty or holds a bad scope. */
export function parseScopeList(text: string): string[] | undefined {
  const scopes = text.split(/\s+/).filter((scope) => scope.length > 0);
  return checkScopes(scopes) ? scopes : undefined;
}

/** True when every scope is printable ASCII without spaces, and there are 1 to 50 of them. */
export function checkScopes(scopes: readonly string[]): boolean {
  return scopes.length > 0 && scopes.length <= MAX_SCOPES && scopes.every((s) => SCOPE.test(s));
}
