import { checkScopes } from "../settings/scopeList";
import { BrokerError } from "./BrokerError";

/** Refuses fields that the route does not take, so that a typo never passes silently. */
export function refuseUnknownFields(body: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(body).filter((field) => !known.includes(field));
  if (unknown.length > 0) {
    throw new BrokerError("invalid_request", `Unknown field: ${unknown.map(quote).join(", ")}.`);
  }
}

/** Reads `scopes`: an array of 1 to 50 non-empty scope strings without spaces. */
export function readScopes(body: Record<string, unknown>): string[] | undefined {
  const scopes = body.scopes;
  if (scopes === undefined) {
    return undefined;
  }
  if (!Array.isArray(scopes) || !scopes.every((s): s is string => typeof s === "string")) {
    throw new BrokerError("invalid_request", "Field 'scopes' must be an array of strings.");
  }
  if (!checkScopes(scopes)) {
    throw new BrokerError(
      "invalid_request",
      "Field 'scopes' must hold 1 to 50 scopes, each 1 to 512 printable characters without spaces.",
    );
  }
  return [...new Set(scopes)];
}

/** Reads an optional string field of at most 256 characters. */
export function readOptionalString(
  body: Record<string, unknown>,
  field: string,
): string | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || value.trim() === "" || value.length > 256) {
    throw new BrokerError(
      "invalid_request",
      `Field ${quote(field)} must be a non-empty string of at most 256 characters.`,
    );
  }
  return value.trim();
}

function quote(field: string): string {
  return `'${field.slice(0, 64)}'`;
}
