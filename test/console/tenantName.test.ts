import { withInitialDomain } from "../../console/tenantName";

describe("a tenant typed in the console", () => {
  it.each([
    ["contoso", "contoso.onmicrosoft.com"],
    ["contoso.com", "contoso.com"],
    ["51a443f6-dad5-4be0-9878-ad25f3c6d2f7", "51a443f6-dad5-4be0-9878-ad25f3c6d2f7"],
    ["not a name", "not a name"],
  ])("opens %j as %j", (typed, opened) => {
    expect(withInitialDomain(typed)).toBe(opened);
  });
});
