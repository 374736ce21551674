import type { EmulatorContext } from "./context";
import { findTenant, findUser, type DirectoryTenant, type DirectoryUser } from "./directory";
import { json, jsonOf, type EmulatorRequest, type Reply } from "./http";

/** A user of the emulator's directory, with the tenant it belongs to. */
export interface Account {
  tenant: DirectoryTenant;
  user: DirectoryUser;
}

/** The fields of a JSON object body; an empty record when the body is no JSON object. */
export function jsonFieldsOf(request: EmulatorRequest): Record<string, unknown> {
  const body = jsonOf(request);
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  return isObject ? (body as Record<string, unknown>) : {};
}

/** A 400 answer for a malformed automation request. */
export function badRequest(message: string): Reply {
  return json(400, { error: message });
}

/**
 * The account named by `tenant` (GUID or verified domain) and `username`, or the answer to send
 * when there is none: 400 if a field is missing, 404 if no such tenant or user exists.
 */
export function accountOf(
  context: EmulatorContext,
  tenantName: unknown,
  username: unknown,
): Account | Reply {
  if (typeof tenantName !== "string" || typeof username !== "string") {
    return badRequest('expected {"tenant", "username"}');
  }
  const tenant = findTenant(context.directory, tenantName);
  const user = tenant && findUser(tenant, username);
  if (tenant === undefined || user === undefined) {
    return json(404, { error: "unknown tenant or username" });
  }
  return { tenant, user };
}

export function isReply(value: Account | Reply): value is Reply {
  return "status" in value;
}
