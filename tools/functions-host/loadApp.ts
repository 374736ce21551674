import { readFileSync } from "node:fs";
import path from "node:path";
import { expandMainGlob } from "./expandMainGlob";
import { registeredFunctions, type FunctionRegistration } from "./functionsCore";
import { readRoutePrefix } from "./readRoutePrefix";

export interface LoadedApp {
  readonly appRoot: string;
  /** The files `package.json#main` matched, in the order they were required. */
  readonly files: readonly string[];
  readonly registrations: readonly FunctionRegistration[];
  readonly routePrefix: string;
}

/**
 * What each file registered the first time it was required. Node (and jest) cache modules, so a
 * second load of the same app in one process runs no `app.*()` calls; the record stands in.
 */
const registrationsByFile = new Map<string, readonly FunctionRegistration[]>();

/**
 * Requires every file `appRoot/package.json#main` names and returns the functions they
 * registered, plus the route prefix from `host.json`. The in-process core must be in place first
 * (`installFunctionsCore()`, or the jest setup file). Errors thrown by the app while loading
 * propagate, so an app that checks its settings at import fails the host.
 */
export function loadApp(appRoot: string): LoadedApp {
  const root = path.resolve(appRoot);
  const main = readMain(root);
  const files = expandMainGlob(root, main);
  if (files.length === 0) {
    throw new Error(`No files match package.json main "${main}" in ${root}.`);
  }

  const registrations = files.flatMap(requireAndCollect);
  assertUniqueNames(registrations);

  return { appRoot: root, files, registrations, routePrefix: readRoutePrefix(root) };
}

function readMain(root: string): string {
  const packageJsonPath = path.join(root, "package.json");
  const packageJson = JSON.parse(readFileSync(packageJsonPath, "utf8")) as { main?: unknown };
  if (typeof packageJson.main !== "string" || packageJson.main === "") {
    throw new Error(`${packageJsonPath} has no "main" naming the function files.`);
  }
  return packageJson.main;
}

function requireAndCollect(file: string): readonly FunctionRegistration[] {
  const before = registeredFunctions().length;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app is loaded at run time
  require(file);
  const added = registeredFunctions().slice(before);

  if (added.length > 0 || !registrationsByFile.has(file)) {
    registrationsByFile.set(file, added);
  }
  return registrationsByFile.get(file) ?? [];
}

function assertUniqueNames(registrations: readonly FunctionRegistration[]): void {
  const seen = new Set<string>();
  for (const { name } of registrations) {
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw new Error(`More than one function is named "${name}"; function names must be unique.`);
    }
    seen.add(key);
  }
}
