import type { EmulatorContext } from "./context";
import { statusOf, type DeviceCodeRecord, type DeviceCodeStatus } from "./deviceCodes";
import { findTenant, findUser, type DirectoryTenant } from "./directory";
import { consentKeysOf, parseScopes } from "./scopes";

export type DeviceLoginAction = "approve" | "deny";

/** A device code a person can still act on, with its tenant. */
export interface OpenDeviceLogin {
  record: DeviceCodeRecord;
  tenant: DirectoryTenant;
}

export type DeviceLoginOutcome =
  | { kind: "decided"; status: DeviceCodeStatus; login: OpenDeviceLogin }
  | { kind: "unknownCode" }
  | { kind: "notPending"; status: DeviceCodeStatus }
  | { kind: "unknownUser" };

/** Finds the device code behind a typed user code, if someone may still approve or deny it. */
export function findOpenDeviceLogin(
  context: EmulatorContext,
  userCode: string,
): OpenDeviceLogin | Exclude<DeviceLoginOutcome, { kind: "decided" }> {
  const record = context.deviceCodes.findByUserCode(userCode);
  const tenant = record && findTenant(context.directory, record.tenantId);
  if (record === undefined || tenant === undefined) return { kind: "unknownCode" };

  const status = statusOf(record, context.now());
  return status === "pending" ? { record, tenant } : { kind: "notPending", status };
}

/**
 * What the sign-in page and the automation endpoint both do: a user of the device code's tenant
 * approves it (consenting to its scopes) or denies it. Approving needs a user of that tenant.
 */
export function decideDeviceLogin(
  context: EmulatorContext,
  userCode: string,
  username: string | undefined,
  action: DeviceLoginAction,
): DeviceLoginOutcome {
  const login = findOpenDeviceLogin(context, userCode);
  if ("kind" in login) return login;
  const { record, tenant } = login;

  const named = username !== undefined && username !== "";
  const user = named ? findUser(tenant, username) : undefined;
  if (user === undefined && (named || action === "approve")) return { kind: "unknownUser" };

  if (action === "approve" && user !== undefined) {
    record.decision = "approved";
    record.userOid = user.oid;
    const keys = consentKeysOf(parseScopes(record.scope));
    context.grants.consent(tenant.tenantId, user.oid, record.clientId, keys);
  } else {
    record.decision = "declined";
  }
  return { kind: "decided", status: record.decision, login };
}
