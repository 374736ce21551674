import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../projectRoot";

/** One signed-in-able person of a tenant. `username` is the user principal name. */
export interface DirectoryUser {
  oid: string;
  username: string;
  displayName: string;
}

/** A tenant: its GUID, its verified domain names and its users. */
export interface DirectoryTenant {
  tenantId: string;
  displayName: string;
  domains: string[];
  users: DirectoryUser[];
}

/**
 * The emulator's whole directory.
 *
 * Simplification: there are no app registrations. Entra checks that `client_id` names an
 * application registered as a public client; the emulator accepts any client id.
 */
export interface Directory {
  tenants: DirectoryTenant[];
}

const defaultDirectoryPath = path.join("tools", "entra-emulator", "directory.json");
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds a tenant by GUID or by one of its verified domains, ignoring case. */
export function findTenant(directory: Directory, segment: string): DirectoryTenant | undefined {
  const wanted = segment.toLowerCase();
  return directory.tenants.find(
    (tenant) =>
      tenant.tenantId.toLowerCase() === wanted ||
      tenant.domains.some((domain) => domain.toLowerCase() === wanted),
  );
}

/** Finds a user of a tenant by user principal name, ignoring case. */
export function findUser(tenant: DirectoryTenant, username: string): DirectoryUser | undefined {
  const wanted = username.toLowerCase();
  return tenant.users.find((user) => user.username.toLowerCase() === wanted);
}

/** Finds a user of a tenant by object id. */
export function findUserByOid(tenant: DirectoryTenant, oid: string): DirectoryUser | undefined {
  return tenant.users.find((user) => user.oid === oid);
}

/** Loads the project's `tools/entra-emulator/directory.json`. */
export function loadDefaultDirectory(): Directory {
  return loadDirectory(path.join(projectRoot, defaultDirectoryPath));
}

/** Reads and checks a directory file. */
export function loadDirectory(file: string): Directory {
  return parseDirectory(JSON.parse(readFileSync(file, "utf8")), file);
}

/** Checks the shape of a directory, naming the first bad entry. */
export function parseDirectory(value: unknown, source = "directory"): Directory {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  const root = isRecord(value) ? value : fail("not a JSON object");
  const tenants = Array.isArray(root.tenants) ? root.tenants : fail("tenants must be an array");

  return {
    tenants: tenants.map((entry: unknown, index) => {
      const tenant = isRecord(entry) ? entry : fail(`tenants[${index}] is not an object`);
      const where = `tenants[${index}]`;
      const users = Array.isArray(tenant.users) ? tenant.users : fail(`${where}.users is missing`);
      const domains = Array.isArray(tenant.domains) ? tenant.domains : [];
      return {
        tenantId: guid(tenant.tenantId, `${where}.tenantId`, fail),
        displayName: text(tenant.displayName, `${where}.displayName`, fail),
        domains: domains.map((domain, i) => text(domain, `${where}.domains[${i}]`, fail)),
        users: users.map((user: unknown, i) => {
          const at = `${where}.users[${i}]`;
          const record = isRecord(user) ? user : fail(`${at} is not an object`);
          return {
            oid: guid(record.oid, `${at}.oid`, fail),
            username: text(record.username, `${at}.username`, fail),
            displayName: text(record.displayName, `${at}.displayName`, fail),
          };
        }),
      };
    }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown, name: string, fail: (what: string) => never): string {
  return typeof value === "string" && value.length > 0 ? value : fail(`${name} must be a string`);
}

function guid(value: unknown, name: string, fail: (what: string) => never): string {
  return typeof value === "string" && guidPattern.test(value) ? value : fail(`${name} is no GUID`);
}
