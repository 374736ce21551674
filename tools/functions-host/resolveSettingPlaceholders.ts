/**
 * Replaces `%NAME%` with the app setting NAME, the way Azure resolves binding expressions such as
 * a timer's `"schedule": "%REPORT_SCHEDULE%"`. Settings are environment variables here, as they
 * are on Azure. A placeholder whose setting is unset throws, naming the setting.
 */
export function resolveSettingPlaceholders(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return text.replace(/%([^%\s]+)%/g, (_placeholder, name: string) => {
    const value = env[name];
    if (value === undefined) {
      throw new Error(`the app setting "${name}" used in "${text}" is not set`);
    }
    return value;
  });
}
