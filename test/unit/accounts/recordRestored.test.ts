import type { TableClient } from "@azure/data-tables";
import { AccountIndex } from "../../../shared/accounts/AccountIndex";

const TENANT = "51a443f6-dad5-4be0-9878-ad25f3c6d2f7";
const ADELE = { homeAccountId: `adele.${TENANT}`, username: "adele@contoso.example" };
const REVOKED = "The session was revoked; sign in again.";
const RESTORED_WITHOUT =
  "The restored cache holds no refresh token for this account; sign in again.";

type Row = Record<string, unknown>;

/** The accounts table in memory: rows merged as Azure Tables merges them, ETags as numbers. */
function memoryTable(rows: Map<string, Row>): TableClient {
  const notFound = () => Object.assign(new Error("not found"), { statusCode: 404 });
  return {
    getEntity: async (_partition: string, row: string) => {
      const found = rows.get(row);
      if (!found) throw notFound();
      return { ...found, etag: "1" };
    },
    createEntity: async (entity: Row) => void rows.set(String(entity.rowKey), entity),
    updateEntity: async (entity: Row) =>
      void rows.set(String(entity.rowKey), { ...rows.get(String(entity.rowKey)), ...entity }),
  } as unknown as TableClient;
}

function loginRequiredAdele(): Map<string, Row> {
  const row = {
    partitionKey: TENANT,
    rowKey: ADELE.homeAccountId,
    username: ADELE.username,
    status: "login_required",
    reason: REVOKED,
    claims: "",
    scopeSets: "[]",
  };
  return new Map([[ADELE.homeAccountId, row]]);
}

async function restoreAdele(rows: Map<string, Row>, refreshTokens: [boolean, boolean]) {
  const [hadRefreshToken, hasRefreshToken] = refreshTokens;
  const index = new AccountIndex(memoryTable(rows));
  await index.recordRestored(TENANT, ADELE, { hasRefreshToken, hadRefreshToken, scopeSets: [] });
  return index.get(TENANT, ADELE.homeAccountId);
}

describe("AccountIndex.recordRestored", () => {
  it("keeps the reason of an account that had no refresh token and still has none", async () => {
    const account = await restoreAdele(loginRequiredAdele(), [false, false]);

    expect(account).toMatchObject({ status: "login_required", reason: REVOKED });
  });

  it("says the restored cache lacks a refresh token when the cache had one before", async () => {
    const account = await restoreAdele(loginRequiredAdele(), [true, false]);

    expect(account).toMatchObject({ status: "login_required", reason: RESTORED_WITHOUT });
  });

  it("says so for an account that comes back without a refresh token", async () => {
    const account = await restoreAdele(new Map(), [false, false]);

    expect(account).toMatchObject({ status: "login_required", reason: RESTORED_WITHOUT });
  });

  it("makes the account active when a refresh token came back", async () => {
    const account = await restoreAdele(loginRequiredAdele(), [false, true]);

    expect(account).toMatchObject({ status: "active" });
    expect(account?.reason).toBeUndefined();
  });
});
