import {
  fromSnapshotMetadata,
  toSnapshotMetadata,
} from "../../../shared/snapshots/snapshotMetadata";

const ID = "2026-03-01T12:00:00.1234567Z";

describe("snapshot metadata", () => {
  it("carries labels and usernames of any script in ASCII header values", () => {
    const fields = {
      label: "Sicherung März / 週次",
      createdOn: "2026-03-01T12:00:00.000Z",
      accounts: ["zoë@contoso.example", "backup@contoso.example"],
      sizeBytes: 4096,
    };

    const metadata = toSnapshotMetadata(fields);

    for (const value of Object.values(metadata)) {
      expect(value).toMatch(/^[\x20-\x7e]*$/);
    }
    expect(fromSnapshotMetadata(ID, metadata, 4096)).toEqual({ id: ID, ...fields });
  });

  it("carries which accounts the snapshot holds no refresh token for", () => {
    const fields = {
      label: "",
      createdOn: "2026-03-01T12:00:00.000Z",
      accounts: ["adele@contoso.example", "megan@contoso.example", "zoë@contoso.example"],
      sizeBytes: 1,
    };

    const none = toSnapshotMetadata({ ...fields, withoutRefreshToken: [] });
    const two = toSnapshotMetadata({
      ...fields,
      withoutRefreshToken: ["adele@contoso.example", "zoë@contoso.example"],
    });

    expect(fromSnapshotMetadata(ID, none, 1).withoutRefreshToken).toEqual([]);
    expect(fromSnapshotMetadata(ID, two, 1).withoutRefreshToken).toEqual([
      "adele@contoso.example",
      "zoë@contoso.example",
    ]);
    expect(fromSnapshotMetadata(ID, toSnapshotMetadata(fields), 1)).not.toHaveProperty(
      "withoutRefreshToken",
    );
  });

  it("reads a snapshot taken without metadata by its storage time", () => {
    expect(fromSnapshotMetadata(ID, undefined, 12)).toEqual({
      id: ID,
      createdOn: "2026-03-01T12:00:00.123Z",
      label: "",
      accounts: [],
      sizeBytes: 12,
    });
  });

  it("keeps within the metadata budget when a cache has very many accounts", () => {
    const accounts = Array.from({ length: 500 }, (_, i) => `user${i}@contoso.onmicrosoft.com`);

    const metadata = toSnapshotMetadata({ label: "", createdOn: "", accounts, sizeBytes: 1 });

    expect(JSON.stringify(metadata).length).toBeLessThan(8 * 1024);
    expect(metadata.accountcount).toBe("500");
  });
});
