import type { AccountIndex } from "../accounts/AccountIndex";
import type { KeyRing } from "../crypto/keyRing";
import type { TokenCacheStore } from "../tokenCache/TokenCacheStore";
import type { CacheSnapshots } from "./CacheSnapshots";
import type { SnapshotSettings } from "./snapshotSettings";

/** What snapshots, restores, exports and imports work with. */
export interface SnapshotDependencies {
  tokenCaches: TokenCacheStore;
  snapshots: CacheSnapshots;
  accounts: AccountIndex;
  keyRing: KeyRing;
  /** The application whose tokens the caches hold. */
  clientId: string;
  /** The authority's `host[:port]`: MSAL's cache environment for this service. */
  environment: string;
  settings: SnapshotSettings;
  now: () => number;
}
