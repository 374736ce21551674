/**
 * A bare organization name (`contoso`) means its initial domain, `contoso.onmicrosoft.com`, as
 * every Microsoft 365 tenant has one; GUIDs and names with a dot are taken as typed.
 */
export function withInitialDomain(name: string): string {
  return /^[a-z0-9][a-z0-9-]*$/.test(name) && !/^[0-9a-f]{8}-/.test(name)
    ? `${name}.onmicrosoft.com`
    : name;
}
