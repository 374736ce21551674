import type { DeviceCodeStore } from "./deviceCodes";
import type { Directory } from "./directory";
import type { GrantStore } from "./grants";
import type { SigningKey } from "./jwt";
import type { EmulatorSettings } from "./settings";

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
  readonly now: () => number;
  readonly deviceCodes: DeviceCodeStore;
  readonly grants: GrantStore;
  readonly signingKey: SigningKey;
  readonly issued: IssuedSecrets;
}
