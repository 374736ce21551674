export { describeTrigger, type TriggerDescription } from "./describeTrigger";
export {
  functionsCore,
  type FunctionMetadata,
  type FunctionRegistration,
  type FunctionsCoreModule,
} from "./functionsCore";
export { type HostLogSink } from "./hostLog";
export { installFunctionsCore } from "./installFunctionsCore";
export { loadApp, type LoadedApp } from "./loadApp";
export {
  startFunctionsHost,
  type FunctionsHost,
  type FunctionsHostOptions,
} from "./startFunctionsHost";
