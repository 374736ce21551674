import type { EmulatorClock } from "./clock";
import type { DeviceCodeStore } from "./deviceCodes";
import type { Directory } from "./directory";
import type { TokenEndpointFaults } from "./faults";
import type { GrantStore } from "./grants";
import type { SigningKey } from "./jwt";
import type { MfaRequirements } from "./mfaRequirements";
import type { EmulatorSettings } from "./settings";
import type { TokenRequestStats } from "./tokenRequestStats";

/** Every secret the emulator handed out, so tests can check that none of them leaks into logs. */
export interface IssuedSecrets {
  accessTokens: string[];
  refreshTokens: string[];
  idTokens: string[];
  deviceCodes: string[];
}

/** The state of one running emulator, shared by all its handlers. */
export interface EmulatorContext {
  /** `https://127.0.0.1:PORT`, as clients address the emulator. */
  readonly baseUrl: string;
  readonly directory: Directory;
  settings: EmulatorSettings;
  /** The emulator's time in milliseconds: `clock.now`, shifted as tests ask. */
  readonly now: () => number;
  readonly clock: EmulatorClock;
  readonly deviceCodes: DeviceCodeStore;
  readonly grants: GrantStore;
  readonly mfaRequirements: MfaRequirements;
  readonly faults: TokenEndpointFaults;
  readonly tokenStats: TokenRequestStats;
  readonly signingKey: SigningKey;
  readonly issued: IssuedSecrets;
}
