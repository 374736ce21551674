import type { Account, RestoreMode, Snapshot } from "./types.js";
import { refreshTokenWorks } from "./accountState.js";

/** An account signed in now, as far as a restore is concerned. */
export interface CurrentAccount {
  username: string;
  /** Whether the cache holds a refresh token for it. */
  hasRefreshToken: boolean;
}

/** What a restore will do to the tenant's accounts, by username. */
export interface RestorePlan {
  /** In the snapshot with a refresh token, and not signed in now: they come back. */
  comeBack: string[];
  /** In the snapshot without a refresh token, and not signed in now: back, needing a sign-in. */
  comeBackSignedOut: string[];
  /** In both, each side with a refresh token: they stay, keeping whichever is newer. */
  stay: string[];
  /** In both, a refresh token now and none in the snapshot: `merge` keeps it, `replace` drops it. */
  onlyCurrentRefreshToken: string[];
  /** In both, a refresh token only in the snapshot: they get it back. */
  onlySnapshotRefreshToken: string[];
  /** In both, no refresh token on either side: they still need a sign-in. */
  noRefreshToken: string[];
  /** In both, in a snapshot that does not say which refresh tokens it holds. */
  unknown: string[];
  /** Signed in now and not in the snapshot: `replace` removes them, `merge` keeps them. */
  notInSnapshot: string[];
  mode: RestoreMode;
}

/** An account signed in now, with whether the cache holds a working refresh token for it. */
export function currentAccount(account: Account): CurrentAccount {
  return { username: account.username, hasRefreshToken: refreshTokenWorks(account) };
}

/** Compares the accounts signed in now with those a snapshot holds (usernames, any case). */
export function planRestore(
  current: readonly CurrentAccount[],
  snapshot: Pick<Snapshot, "accounts" | "withoutRefreshToken">,
  mode: RestoreMode,
): RestorePlan {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const now = (name: string) => current.find((account) => same(account.username, name));
  const known = snapshot.withoutRefreshToken;
  const inSnapshotWithToken = (name: string) => !known?.some((other) => same(other, name));

  const plan: RestorePlan = {
    comeBack: [],
    comeBackSignedOut: [],
    stay: [],
    onlyCurrentRefreshToken: [],
    onlySnapshotRefreshToken: [],
    noRefreshToken: [],
    unknown: [],
    notInSnapshot: current
      .filter((account) => !snapshot.accounts.some((name) => same(name, account.username)))
      .map((account) => account.username),
    mode,
  };
  for (const name of snapshot.accounts) {
    const signedIn = now(name);
    const snapshotToken = inSnapshotWithToken(name);
    if (!signedIn) {
      (snapshotToken ? plan.comeBack : plan.comeBackSignedOut).push(name);
    } else if (known === undefined) {
      plan.unknown.push(name);
    } else if (signedIn.hasRefreshToken) {
      (snapshotToken ? plan.stay : plan.onlyCurrentRefreshToken).push(name);
    } else {
      (snapshotToken ? plan.onlySnapshotRefreshToken : plan.noRefreshToken).push(name);
    }
  }
  return plan;
}
