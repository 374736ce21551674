import { randomBytes } from "node:crypto";
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
});
