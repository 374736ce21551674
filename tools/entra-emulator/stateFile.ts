import { readFile } from "node:fs/promises";

import type { DeviceCodeRecord } from "./deviceCodes";
import type { GrantSnapshot, RefreshTokenRecord } from "./grants";
import type { MfaRequirement } from "./mfaRequirements";

/**
 * The sign-in state an emulator keeps across restarts when it is given a state file: grants
 * (consents and the refresh tokens issued under them), device codes and MFA requirements. Real
 * Entra ID forgets none of these when a client restarts, so a local stack should not either.
 *
 * The file is JSON:
 *
 *   { "version": 1,
 *     "grants": [{tenantId, userOid, clientId, consentedScopeKeys: [..], consentWithdrawn,
 *                 refreshTokens: [{token, issuedAt, lastActivityAt, revokedAt?, expiredAt?,
 *                                  satisfiedPolicyIds: [..]}]}],
 *     "deviceCodes": [{deviceCode, userCode, tenantId, clientId, scope, claims?, createdAt,
 *                      expiresAt, intervalSeconds, decision, userOid?, tokenRequests: [..]}],
 *     "mfaRequirements": [{tenantId, userOid, policyId}] }
 *
 * Times are milliseconds since the epoch, as the stores keep them. The file holds live refresh
 * tokens and device codes, so it is written with mode 0600 (see stateWriter.ts) and no error
 * about it ever quotes its content.
 */
export interface EmulatorState {
  grants: GrantSnapshot[];
  deviceCodes: DeviceCodeRecord[];
  mfaRequirements: MfaRequirement[];
}

export const stateFileVersion = 1;

/** The state file could not be read or is not one; the message names the file, never a value. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateFileError";
  }
}

/** The file's text for `state`. */
export function formatState(state: EmulatorState): string {
  return `${JSON.stringify({ version: stateFileVersion, ...state }, null, 2)}\n`;
}

/** Reads a state file; a file that does not exist yet is the empty state. */
export async function readStateFile(file: string): Promise<EmulatorState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { grants: [], deviceCodes: [], mfaRequirements: [] };
    throw new StateFileError(`cannot read the state file ${file} (${code ?? "unknown error"})`);
  }
  return parseState(text, file);
}

/** Parses and checks a state file's text, naming the file and the first bad field. */
export function parseState(text: string, file: string): EmulatorState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the error, which may be a token.
    throw new StateFileError(`the state file ${file} is not valid JSON`);
  }
  const fail = (what: string): never => {
    throw new StateFileError(`the state file ${file} is malformed: ${what}`);
  };
  const root = Fields.of(value, "", fail);
  if (root.value("version") !== stateFileVersion) {
    fail(`version must be ${stateFileVersion}`);
  }
  return {
    grants: root.list("grants").map(grantOf),
    deviceCodes: root.list("deviceCodes").map(deviceCodeOf),
    mfaRequirements: root.list("mfaRequirements").map((requirement) => ({
      tenantId: requirement.string("tenantId"),
      userOid: requirement.string("userOid"),
      policyId: requirement.string("policyId"),
    })),
  };
}

function grantOf(grant: Fields): GrantSnapshot {
  return {
    tenantId: grant.string("tenantId"),
    userOid: grant.string("userOid"),
    clientId: grant.string("clientId"),
    consentedScopeKeys: grant.strings("consentedScopeKeys"),
    consentWithdrawn: grant.boolean("consentWithdrawn"),
    refreshTokens: grant.list("refreshTokens").map(refreshTokenOf),
  };
}

function refreshTokenOf(token: Fields): RefreshTokenRecord {
  const record: RefreshTokenRecord = {
    token: token.string("token"),
    issuedAt: token.number("issuedAt"),
    lastActivityAt: token.number("lastActivityAt"),
    satisfiedPolicyIds: token.strings("satisfiedPolicyIds"),
  };
  const revokedAt = token.optionalNumber("revokedAt");
  const expiredAt = token.optionalNumber("expiredAt");
  if (revokedAt !== undefined) record.revokedAt = revokedAt;
  if (expiredAt !== undefined) record.expiredAt = expiredAt;
  return record;
}

const decisions: readonly DeviceCodeRecord["decision"][] = [
  "pending",
  "approved",
  "declined",
  "redeemed",
];

function deviceCodeOf(code: Fields): DeviceCodeRecord {
  const decision = code.string("decision");
  const record: DeviceCodeRecord = {
    deviceCode: code.string("deviceCode"),
    userCode: code.string("userCode"),
    tenantId: code.string("tenantId"),
    clientId: code.string("clientId"),
    scope: code.string("scope"),
    createdAt: code.number("createdAt"),
    expiresAt: code.number("expiresAt"),
    intervalSeconds: code.number("intervalSeconds"),
    decision: decisions.find((known) => known === decision) ?? code.fail("decision", "is unknown"),
    tokenRequests: code.numbers("tokenRequests"),
  };
  const claims = code.optionalString("claims");
  const userOid = code.optionalString("userOid");
  if (claims !== undefined) record.claims = claims;
  if (userOid !== undefined) record.userOid = userOid;
  return record;
}

/** Typed reads of one JSON object's fields; a failure names the field's path, not its value. */
class Fields {
  private constructor(
    private readonly object: Record<string, unknown>,
    private readonly where: string,
    private readonly onError: (what: string) => never,
  ) {}

  static of(value: unknown, where: string, onError: (what: string) => never): Fields {
    const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
    if (!isObject) onError(`${where === "" ? "the file" : where} is not a JSON object`);
    return new Fields(value as Record<string, unknown>, where, onError);
  }

  fail(key: string, what: string): never {
    return this.onError(`${this.path(key)} ${what}`);
  }

  value(key: string): unknown {
    return this.object[key];
  }

  string(key: string): string {
    const value = this.object[key];
    return typeof value === "string" ? value : this.fail(key, "must be a string");
  }

  optionalString(key: string): string | undefined {
    return this.object[key] === undefined ? undefined : this.string(key);
  }

  number(key: string): number {
    const value = this.object[key];
    return typeof value === "number" && Number.isFinite(value)
      ? value
      : this.fail(key, "must be a number");
  }

  optionalNumber(key: string): number | undefined {
    return this.object[key] === undefined ? undefined : this.number(key);
  }

  boolean(key: string): boolean {
    const value = this.object[key];
    return typeof value === "boolean" ? value : this.fail(key, "must be true or false");
  }

  strings(key: string): string[] {
    const values = this.array(key);
    return values.every((value) => typeof value === "string")
      ? (values as string[])
      : this.fail(key, "must hold strings only");
  }

  numbers(key: string): number[] {
    const values = this.array(key);
    return values.every((value) => typeof value === "number" && Number.isFinite(value))
      ? (values as number[])
      : this.fail(key, "must hold numbers only");
  }

  list(key: string): Fields[] {
    return this.array(key).map((entry, index) =>
      Fields.of(entry, `${this.path(key)}[${index}]`, this.onError),
    );
  }

  private array(key: string): unknown[] {
    const value = this.object[key];
    return Array.isArray(value) ? (value as unknown[]) : this.fail(key, "must be an array");
  }

  private path(key: string): string {
    return this.where === "" ? key : `${this.where}.${key}`;
  }
}
