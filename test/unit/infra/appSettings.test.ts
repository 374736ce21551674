import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.join(__dirname, "..", "..", "..");
const bicep = readFileSync(path.join(root, "infra", "main.bicep"), "utf8");
const sample = JSON.parse(readFileSync(path.join(root, "local.settings.sample.json"), "utf8")) as {
  Values: Record<string, string>;
};

/** Read by the local host only; in Azure the Function App's own keys take its place. */
const LOCAL_ONLY = "LOCAL_FUNCTION_KEY";
/** Flex Consumption takes the language from functionAppConfig.runtime, not from this setting. */
const SET_BY_PLAN = "FUNCTIONS_WORKER_RUNTIME";

/** The names in `var appSettings = { ... }` of infra/main.bicep, which become the app settings. */
function deployedSettingNames(): string[] {
  const body = /^var appSettings = \{\n([\s\S]*?)\n\}$/m.exec(bicep)?.[1];
  if (body === undefined) {
    throw new Error("infra/main.bicep has no `var appSettings = { ... }` block");
  }
  return [...body.matchAll(/^\s+(\w+):/gm)].map((match) => match[1] ?? "");
}

describe("infra/main.bicep app settings", () => {
  const deployed = deployedSettingNames();

  it("sets every setting of local.settings.sample.json that Azure needs", () => {
    const needed = Object.keys(sample.Values).filter(
      (name) => name !== LOCAL_ONLY && name !== SET_BY_PLAN,
    );
    expect(needed.filter((name) => !deployed.includes(name))).toEqual([]);
  });

  it("does not deploy the local host's function key", () => {
    expect(deployed).not.toContain(LOCAL_ONLY);
  });

  it("names the Node runtime on the plan instead of in FUNCTIONS_WORKER_RUNTIME", () => {
    expect(sample.Values[SET_BY_PLAN]).toBe("node");
    expect(deployed).not.toContain(SET_BY_PLAN);
    expect(bicep).toMatch(/runtime: \{\s+name: 'node'\s+version: nodeVersion\s+\}/);
    expect(bicep).toMatch(/^param nodeVersion string = '20'$/m);
  });

  it("takes TOKEN_CACHE_KEYS from Key Vault", () => {
    expect(bicep).toMatch(/^\s+TOKEN_CACHE_KEYS: '@Microsoft\.KeyVault\(SecretUri=/m);
  });
});
