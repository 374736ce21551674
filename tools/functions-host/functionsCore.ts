/**
 * An in-process stand-in for `@azure/functions-core`, the module that the Azure Functions Node.js
 * worker hands to `@azure/functions`. The library calls it to register functions and hooks; the
 * local host reads what was collected. The module is not on npm: the real worker creates it in
 * memory, and so does `installFunctionsCore()`.
 */

/** One binding as the library describes it (`trigger`, `return`, extra inputs and outputs). */
export interface BindingMetadata {
  readonly type: string;
  readonly direction: "in" | "out" | "inout";
  readonly [property: string]: unknown;
}

/** What `app.http()`, `app.timer()` and `app.generic()` send for one function. */
export interface FunctionMetadata {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingMetadata>>;
  readonly retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;
export type HookCallback = (context: Record<string, unknown>) => unknown;
export type SystemLogHandler = (level: string, category: string, message: string) => void;

export interface Disposable {
  dispose(): void;
}

/** A function registered by the app, in registration order. */
export interface FunctionRegistration {
  readonly name: string;
  readonly metadata: FunctionMetadata;
  readonly handler: FunctionCallback;
}

/** The surface `@azure/functions` 4.x uses from the worker's core module. */
export interface FunctionsCoreModule {
  readonly version: string;
  readonly hostVersion: string;
  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable;
  setProgrammingModel(programmingModel: unknown): void;
  getProgrammingModel(): unknown;
  registerHook(hookName: string, callback: HookCallback): Disposable;
  log(level: string, category: string, message: string): void;
}

const registered: FunctionRegistration[] = [];
const hooks = new Map<string, HookCallback[]>();
let programmingModel: unknown;
let systemLogHandler: SystemLogHandler | undefined;

function removeOnDispose<T>(list: T[], item: T): Disposable {
  return {
    dispose: () => {
      const index = list.indexOf(item);
      if (index >= 0) {
        list.splice(index, 1);
      }
    },
  };
}

/**
 * The module object that `require("@azure/functions-core")` returns in the local host and in
 * jest (see `test/setup/functionsCore.ts`).
 *
 * Hooks: `appStart`, `appTerminate`, `preInvocation` and `postInvocation` are run by the local
 * host, as the worker runs them. `log` hooks are stored and never called.
 */
export const functionsCore: FunctionsCoreModule = {
  version: "4.0.0-local",
  hostVersion: "4.0.0-local",

  registerFunction(metadata, callback) {
    const registration = { name: metadata.name, metadata, handler: callback };
    registered.push(registration);
    return removeOnDispose(registered, registration);
  },

  setProgrammingModel(model) {
    programmingModel = model;
  },

  getProgrammingModel() {
    return programmingModel;
  },

  registerHook(hookName, callback) {
    const list = hooks.get(hookName) ?? [];
    hooks.set(hookName, list);
    list.push(callback);
    return removeOnDispose(list, callback);
  },

  log(level, category, message) {
    if (systemLogHandler) {
      systemLogHandler(level, category, message);
    } else {
      process.stderr.write(`[${new Date().toISOString()}] [${level}] ${category}: ${message}\n`);
    }
  },
};

/** Every function registered so far, oldest first. */
export function registeredFunctions(): readonly FunctionRegistration[] {
  return [...registered];
}

/** The hooks registered under one name, in registration order. */
export function registeredHooks(hookName: string): readonly HookCallback[] {
  return [...(hooks.get(hookName) ?? [])];
}

/** Where the library's own system messages go (`functionsCore.log`). The last host wins. */
export function setSystemLogHandler(handler: SystemLogHandler | undefined): void {
  systemLogHandler = handler;
}
