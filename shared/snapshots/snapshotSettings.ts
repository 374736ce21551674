import { parseDurationSeconds } from "../settings/duration";
import { InvalidSettingError } from "../settings/InvalidSettingError";
import { parseCronSchedule } from "../settings/ncrontab";

/** How token cache snapshots are kept and how large an imported file may be. */
export interface SnapshotSettings {
  /** Snapshots older than this many seconds are deleted by the prune timer... */
  retentionSeconds: number;
  /** ...except the newest this many of each tenant, which are always kept. */
  keepMin: number;
  /** NCRONTAB schedule of the prune timer. */
  pruneSchedule: string;
  /** Largest file `PUT .../cache/import` takes, in bytes. */
  importMaxBytes: number;
}

type Environment = Record<string, string | undefined>;

const DEFAULTS = {
  SNAPSHOT_RETENTION: "35d",
  SNAPSHOT_KEEP_MIN: "5",
  SNAPSHOT_PRUNE_SCHEDULE: "0 30 2 * * *",
  IMPORT_MAX_BYTES: String(5 * 1024 * 1024),
};
// Azure Functions refuses request bodies above 100 MB before the function runs.
const LARGEST_IMPORT_BYTES = 100 * 1024 * 1024;

/** Reads and checks the snapshot settings; an error names the setting, never its value. */
export function readSnapshotSettings(env: Environment): SnapshotSettings {
  const text = (name: keyof typeof DEFAULTS) => env[name]?.trim() || DEFAULTS[name];
  const whole = (name: keyof typeof DEFAULTS, min: number, max: number) => {
    const value = Number(text(name));
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidSettingError(name, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  };

  const retentionSeconds = parseDurationSeconds(text("SNAPSHOT_RETENTION"));
  if (retentionSeconds === undefined) {
    throw new InvalidSettingError("SNAPSHOT_RETENTION", "must be a duration such as 35d or 12h");
  }
  const pruneSchedule = text("SNAPSHOT_PRUNE_SCHEDULE");
  try {
    parseCronSchedule(pruneSchedule);
  } catch {
    throw new InvalidSettingError(
      "SNAPSHOT_PRUNE_SCHEDULE",
      "must be a six-field NCRONTAB schedule such as 0 30 2 * * *",
    );
  }
  return {
    retentionSeconds,
    // At least one: a prune run that could delete every backup of a tenant is never wanted.
    keepMin: whole("SNAPSHOT_KEEP_MIN", 1, 1000),
    pruneSchedule,
    importMaxBytes: whole("IMPORT_MAX_BYTES", 1024, LARGEST_IMPORT_BYTES),
  };
}
