import { selectSnapshotsToPrune } from "../../../shared/snapshots/selectSnapshotsToPrune";
import type { CacheSnapshot } from "../../../shared/snapshots/snapshotMetadata";

const DAY = 86_400;
const NOW = Date.parse("2026-03-01T12:00:00Z");

function takenDaysAgo(days: number, label = ""): CacheSnapshot {
  const id = new Date(NOW - days * DAY * 1000).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
  return { id, createdOn: id, label, accounts: [], sizeBytes: 10 };
}

const ages = (snapshots: CacheSnapshot[]) =>
  snapshots.map((snapshot) => Math.round((NOW - Date.parse(snapshot.id)) / (DAY * 1000)));

describe("selectSnapshotsToPrune", () => {
  it("deletes snapshots older than the retention beyond the newest ones kept", () => {
    const snapshots = [1, 10, 20, 30, 40, 50, 60].map((days) => takenDaysAgo(days));

    const doomed = selectSnapshotsToPrune(
      snapshots,
      { retentionSeconds: 35 * DAY, keepMin: 2 },
      NOW,
    );

    expect(ages(doomed)).toEqual([40, 50, 60]);
  });

  it("keeps the newest minimum even when all are older than the retention", () => {
    const snapshots = [100, 90, 80, 70].map((days) => takenDaysAgo(days));

    const doomed = selectSnapshotsToPrune(
      snapshots,
      { retentionSeconds: 35 * DAY, keepMin: 3 },
      NOW,
    );

    expect(ages(doomed)).toEqual([100]);
  });

  it("deletes nothing while the tenant has no more than the minimum", () => {
    const snapshots = [400, 300].map((days) => takenDaysAgo(days));

    expect(selectSnapshotsToPrune(snapshots, { retentionSeconds: 0, keepMin: 2 }, NOW)).toEqual([]);
  });

  it("keeps only the minimum with a retention of zero", () => {
    const snapshots = [0.001, 0.002, 0.003, 0.004].map((days) => takenDaysAgo(days));

    const doomed = selectSnapshotsToPrune(snapshots, { retentionSeconds: 0, keepMin: 1 }, NOW);

    expect(doomed.map((snapshot) => snapshot.id)).toEqual(
      snapshots.slice(1).map((snapshot) => snapshot.id),
    );
  });

  it("counts age from when storage took the snapshot, not from the metadata", () => {
    const old = { ...takenDaysAgo(50), createdOn: new Date(NOW).toISOString() };

    const doomed = selectSnapshotsToPrune(
      [takenDaysAgo(1), old],
      { retentionSeconds: 35 * DAY, keepMin: 1 },
      NOW,
    );

    expect(doomed).toEqual([old]);
  });
});
