/** A setting is missing or malformed. The message names the setting, never its value. */
export class InvalidSettingError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Setting ${setting} ${problem}.`);
    this.name = "InvalidSettingError";
  }
}
