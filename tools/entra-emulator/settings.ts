/**
 * How older refresh tokens of a grant behave after rotation. `lenient` is what Entra documents:
 * each use returns a new refresh token but the older ones stay valid until they expire or are
 * revoked. `strict` accepts only the newest one, which catches clients that lose the rotated token.
 */
export type RefreshTokenRotation = "lenient" | "strict";

/** Settings that can change while the emulator runs. */
export interface EmulatorSettings {
  accessTokenLifetimeSeconds: number;
  deviceCodeLifetimeSeconds: number;
  pollingIntervalSeconds: number;
  refreshTokenInactivitySeconds: number;
  refreshTokenRotation: RefreshTokenRotation;
}

export const defaultSettings: EmulatorSettings = {
  accessTokenLifetimeSeconds: 3600,
  deviceCodeLifetimeSeconds: 900,
  pollingIntervalSeconds: 5,
  refreshTokenInactivitySeconds: 90 * 24 * 3600,
  refreshTokenRotation: "lenient",
};

const durationNames = [
  "accessTokenLifetimeSeconds",
  "deviceCodeLifetimeSeconds",
  "pollingIntervalSeconds",
  "refreshTokenInactivitySeconds",
] as const;

/** A setting was unknown or had a value of the wrong kind; the message names the setting. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/** Returns `current` with `patch` applied, after checking every key and value of the patch. */
export function applySettingsPatch(current: EmulatorSettings, patch: unknown): EmulatorSettings {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new SettingsError("settings must be a JSON object");
  }
  const next = { ...current };

  for (const [name, value] of Object.entries(patch)) {
    if (name === "refreshTokenRotation") {
      if (value !== "lenient" && value !== "strict") {
        throw new SettingsError('refreshTokenRotation must be "lenient" or "strict"');
      }
      next.refreshTokenRotation = value;
    } else if (isDurationName(name)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
        throw new SettingsError(`${name} must be a positive number of seconds`);
      }
      next[name] = value;
    } else {
      throw new SettingsError(`unknown setting ${name}`);
    }
  }
  return next;
}

function isDurationName(name: string): name is (typeof durationNames)[number] {
  return (durationNames as readonly string[]).includes(name);
}
