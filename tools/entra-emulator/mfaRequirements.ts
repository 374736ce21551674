import { randomUUID } from "node:crypto";

import type { RefreshTokenRecord } from "./grants";

/** One user's requirement: the policy id their refresh tokens must have answered. */
export interface MfaRequirement {
  tenantId: string;
  userOid: string;
  policyId: string;
}

/**
 * Conditional access policies that require multi-factor authentication, one per user, set by
 * `POST /_emulator/users/require-mfa`. While one is in force, refreshing any of the user's tokens
 * is refused with AADSTS50076, suberror `basic_action` and a claims challenge naming the policy
 * (`{"access_token":{"capolids":{"essential":true,"values":["<policy id>"]}}}`), as Entra does.
 *
 * When a requirement counts as satisfied: a refresh token carries the policy ids that the sign-in
 * behind it answered, and rotation hands them on. A device code login answers a policy when its
 * `/devicecode` request had a `claims` parameter whose `access_token.capolids.values` names that
 * policy; approving it and redeeming the code gives refresh tokens that work again. Tokens from
 * before, and from any login without those claims, keep failing with 50076: the requirement stays
 * on the user. Real Entra would run MFA in any interactive sign-in the policy applies to; the
 * emulator is stricter on purpose, so a test proves that the client passed the challenge along.
 * Merely sending claims on the refresh request satisfies nothing, as at Entra.
 */
export class MfaRequirements {
  private readonly policies = new Map<string, MfaRequirement>();

  /** Starts empty, or with the requirements an earlier run saved (see `snapshot`). */
  constructor(saved: readonly MfaRequirement[] = []) {
    for (const requirement of saved) {
      this.policies.set(userKey(requirement.tenantId, requirement.userOid), { ...requirement });
    }
  }

  /** Every requirement in force, copied. */
  snapshot(): MfaRequirement[] {
    return [...this.policies.values()].map((requirement) => ({ ...requirement }));
  }

  /** Requires MFA of the user under a new policy id (replacing an earlier one); returns it. */
  require(tenantId: string, userOid: string): string {
    const policyId = randomUUID();
    this.policies.set(userKey(tenantId, userOid), { tenantId, userOid, policyId });
    return policyId;
  }

  policyOf(tenantId: string, userOid: string): string | undefined {
    return this.policies.get(userKey(tenantId, userOid))?.policyId;
  }

  /** The claims challenge a refresh token must answer before it is redeemed, if any. */
  challengeFor(tenantId: string, userOid: string, record: RefreshTokenRecord): string | undefined {
    const policyId = this.policyOf(tenantId, userOid);
    if (policyId === undefined || record.satisfiedPolicyIds.includes(policyId)) return undefined;
    return claimsChallenge(policyId);
  }
}

/** The claims value Entra sends with a conditional access challenge for one policy. */
export function claimsChallenge(policyId: string): string {
  return JSON.stringify({ access_token: { capolids: { essential: true, values: [policyId] } } });
}

/**
 * The policy ids a sign-in's `claims` parameter answers. A value that is not JSON, or names no
 * policies, answers none; MSAL may merge its own claims (client capabilities) into the same JSON.
 */
export function policyIdsAnswered(claims: string | undefined): string[] {
  if (claims === undefined || claims === "") return [];
  try {
    const parsed = JSON.parse(claims) as unknown;
    const values = pathOf(parsed, ["access_token", "capolids", "values"]);
    return Array.isArray(values) ? values.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

function pathOf(value: unknown, keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function userKey(tenantId: string, userOid: string): string {
  return `${tenantId}|${userOid}`;
}
