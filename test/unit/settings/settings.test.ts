import { randomBytes } from "node:crypto";
import { readFunctionTimeoutSeconds } from "../../../shared/settings/functionTimeout";
import { readSettings } from "../../../shared/settings/settings";

const valid = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
  TOKEN_CACHE_KEYS: `k1:${randomBytes(32).toString("base64")}`,
};

describe("settings", () => {
  it("reads defaults for what is not set", () => {
    const settings = readSettings(valid);
    expect(settings.authorityHost).toBe("https://login.microsoftonline.com");
    expect(settings.defaultScopes.length).toBeGreaterThan(0);
    expect(settings.keyRing.current.id).toBe("k1");
  });

  it.each([
    [{ ENTRA_CLIENT_ID: "" }, "ENTRA_CLIENT_ID"],
    [{ ENTRA_CLIENT_ID: "not-a-guid" }, "ENTRA_CLIENT_ID"],
    [{ AzureWebJobsStorage: " " }, "AzureWebJobsStorage"],
    [{ ENTRA_AUTHORITY_HOST: "http://127.0.0.1:7443" }, "ENTRA_AUTHORITY_HOST"],
    [{ ENTRA_AUTHORITY_HOST: "https://login.microsoftonline.com/contoso" }, "ENTRA_AUTHORITY_HOST"],
    [{ TOKEN_CACHE_KEYS: "k1:short" }, "TOKEN_CACHE_KEYS"],
  ])("stops with a message naming the bad setting: %j", (patch, name) => {
    expect(() => readSettings({ ...valid, ...patch })).toThrow(`Setting ${name}`);
  });

  it("keeps the refresh time budget well inside the host's function timeout", () => {
    expect(readSettings({ ...valid, REFRESH_TIME_BUDGET: "4m" }, 300).refresh.budgetSeconds).toBe(
      240,
    );
    expect(() => readSettings({ ...valid, REFRESH_TIME_BUDGET: "10m" }, 300)).toThrow(
      "Setting REFRESH_TIME_BUDGET must be at most 80% of functionTimeout",
    );
    expect(readSettings({ ...valid, REFRESH_TIME_BUDGET: "10m" }, null).refresh.budgetSeconds).toBe(
      600,
    );
  });

  it("reads the function timeout from the project's host.json", () => {
    expect(readFunctionTimeoutSeconds()).toBe(300);
  });
});
