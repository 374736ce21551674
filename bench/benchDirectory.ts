import { createHash } from "node:crypto";
import type { Directory, DirectoryTenant } from "../tools/entra-emulator/emulator";

/**
 * A made-up directory for the emulator: `tenants` tenants `bench-tenant-NNN.onmicrosoft.com`
 * with `usersPerTenant` users each. GUIDs are derived from the names, so every run of the
 * benchmark signs in the same tenants and users.
 */
export function benchDirectory(tenants: number, usersPerTenant: number): Directory {
  return {
    tenants: Array.from({ length: tenants }, (_, t): DirectoryTenant => {
      const number = String(t + 1).padStart(3, "0");
      const domain = `bench-tenant-${number}.onmicrosoft.com`;
      return {
        tenantId: guidFrom(domain),
        displayName: `Bench tenant ${number}`,
        domains: [domain],
        users: Array.from({ length: usersPerTenant }, (_, u) => {
          const username = `user-${String(u + 1).padStart(2, "0")}@${domain}`;
          return { oid: guidFrom(username), username, displayName: `Bench user ${u + 1}` };
        }),
      };
    }),
  };
}

/** A GUID in the layout of a random (version 4) one, taken from the SHA-256 of a name. */
function guidFrom(name: string): string {
  const bytes = createHash("sha256").update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  const part = (from: number, to: number) => hex.slice(from, to);
  return `${part(0, 8)}-${part(8, 12)}-${part(12, 16)}-${part(16, 20)}-${part(20, 32)}`;
}
