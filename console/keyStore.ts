/**
 * The function key the person typed, kept for this browser tab only: `sessionStorage` ends with
 * the tab, and no cookie or URL ever carries the key.
 */
const ITEM = "m365-token-broker.function-key";

// Known gap: behind App Service Authentication the person signs in and still has to type the key;
// the API takes function keys only, so the page cannot call it with that sign-in instead.

export function readKey(): string | undefined {
  return sessionStorage.getItem(ITEM) ?? undefined;
}

export function saveKey(key: string): void {
  sessionStorage.setItem(ITEM, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(ITEM);
}
