import { readSnapshotSettings } from "../../../shared/snapshots/snapshotSettings";

describe("snapshot settings", () => {
  it("has defaults: 35 days, keep 5, daily prune, 5 MiB imports", () => {
    expect(readSnapshotSettings({})).toEqual({
      retentionSeconds: 35 * 86_400,
      keepMin: 5,
      pruneSchedule: "0 30 2 * * *",
      importMaxBytes: 5 * 1024 * 1024,
    });
  });

  it("takes a retention of zero", () => {
    expect(readSnapshotSettings({ SNAPSHOT_RETENTION: "0s" }).retentionSeconds).toBe(0);
  });

  it.each([
    ["SNAPSHOT_RETENTION", "soon"],
    ["SNAPSHOT_KEEP_MIN", "-3"],
    ["SNAPSHOT_KEEP_MIN", "2.5"],
    ["SNAPSHOT_PRUNE_SCHEDULE", "daily"],
    ["IMPORT_MAX_BYTES", "5MB"],
    ["IMPORT_MAX_BYTES", "200000000"],
  ])("stops with a message naming %s, never its value (%s)", (name, value) => {
    expect(() => readSnapshotSettings({ [name]: value })).toThrow(
      expect.objectContaining({ setting: name, message: expect.not.stringContaining(value) }),
    );
  });
});
