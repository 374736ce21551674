import {
  summarizeTenants,
  type AccountStatusRow,
  type RememberedName,
} from "../../../shared/tenants/tenantOverview";

const CONTOSO = "51a443f6-dad5-4be0-9878-ad25f3c6d2f7";
const FABRIKAM = "2348132f-8b98-4a3c-84bc-be37d364f36e";
const NAMELESS = "0d6a3f0e-58e4-4d7b-9a57-0b7f2bd1c0aa";

async function* rows<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

function summarize(names: RememberedName[], accounts: AccountStatusRow[]) {
  return summarizeTenants(rows(names), rows(accounts));
}

describe("tenant overview", () => {
  it("gathers a tenant's domain names under its GUID and leaves the GUID row out", async () => {
    const tenants = await summarize(
      [
        { name: "contoso.onmicrosoft.com", tenantId: CONTOSO },
        { name: CONTOSO, tenantId: CONTOSO },
        { name: "contoso.com", tenantId: CONTOSO },
      ],
      [],
    );

    expect(tenants).toEqual([
      {
        tenantId: CONTOSO,
        domains: ["contoso.com", "contoso.onmicrosoft.com"],
        accountCount: 0,
        attentionCount: 0,
      },
    ]);
  });

  it("counts accounts, and as needing attention those that are not active", async () => {
    const tenants = await summarize(
      [{ name: "contoso.com", tenantId: CONTOSO }],
      [
        { tenantId: CONTOSO, status: "active" },
        { tenantId: CONTOSO, status: "login_required" },
        { tenantId: CONTOSO, status: "error" },
      ],
    );

    expect(tenants).toMatchObject([{ accountCount: 3, attentionCount: 2 }]);
  });

  it("lists a tenant that has accounts but no remembered name, after the named ones", async () => {
    const tenants = await summarize(
      [
        { name: "fabrikam.com", tenantId: FABRIKAM },
        { name: "contoso.com", tenantId: CONTOSO.toUpperCase() },
      ],
      [{ tenantId: NAMELESS, status: "active" }],
    );

    expect(tenants.map((tenant) => [tenant.tenantId, tenant.domains])).toEqual([
      [CONTOSO, ["contoso.com"]],
      [FABRIKAM, ["fabrikam.com"]],
      [NAMELESS, []],
    ]);
  });

  it("leaves out a remembered name whose tenant id is not a GUID", async () => {
    expect(await summarize([{ name: "broken.com", tenantId: "" }], [])).toEqual([]);
  });
});
