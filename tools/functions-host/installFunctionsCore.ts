import Module from "node:module";
import { functionsCore, type FunctionsCoreModule } from "./functionsCore";

const coreModuleName = "@azure/functions-core";
let installed = false;

/**
 * Makes `require("@azure/functions-core")` return the in-process core, the way the Azure
 * Functions Node.js worker provides that module. Call it before any function file is required:
 * `@azure/functions` looks the module up on the first `app.*()` call and caches a failure, after
 * which it stays in "test mode" and registers nothing. Calling it again does nothing.
 *
 * Jest keeps its own module registry and never goes through `Module.prototype.require`; tests get
 * the same core from the virtual mock in `test/setup/functionsCore.ts`.
 */
export function installFunctionsCore(): FunctionsCoreModule {
  if (installed) {
    return functionsCore;
  }

  const originalRequire = Module.prototype.require;
  const patchedRequire = function (this: Module, id: string): unknown {
    if (id === coreModuleName) {
      return functionsCore;
    }
    return originalRequire.call(this, id);
  };
  Module.prototype.require = Object.assign(patchedRequire, originalRequire);
  installed = true;

  return functionsCore;
}
