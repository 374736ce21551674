import type { BindingMetadata, FunctionRegistration } from "./functionsCore";

export interface HttpTriggerDescription {
  readonly kind: "http";
  /** The route template, without the prefix; the function name when the app set none. */
  readonly route: string;
  /** Upper-case methods; undefined means every method. */
  readonly methods: readonly string[] | undefined;
  readonly authLevel: string;
}

export interface TimerTriggerDescription {
  readonly kind: "timer";
  /** As registered, before `%SETTING%` placeholders are resolved. */
  readonly schedule: string;
  readonly runOnStartup: boolean;
}

export interface OtherTriggerDescription {
  readonly kind: "other";
  readonly type: string;
}

export type TriggerDescription =
  HttpTriggerDescription | TimerTriggerDescription | OtherTriggerDescription;

/** Reads the trigger binding of a registered function. */
export function describeTrigger(registration: FunctionRegistration): TriggerDescription {
  const trigger = findTrigger(registration);

  if (trigger.type === "httpTrigger") {
    return {
      kind: "http",
      route: stringOr(trigger["route"], registration.name).replace(/^\/+|\/+$/g, ""),
      methods: readMethods(trigger["methods"]),
      // An HTTP trigger without an explicit level defaults to "function" on Azure.
      authLevel: stringOr(trigger["authLevel"], "function").toLowerCase(),
    };
  }
  if (trigger.type === "timerTrigger") {
    return {
      kind: "timer",
      schedule: stringOr(trigger["schedule"], ""),
      runOnStartup: trigger["runOnStartup"] === true,
    };
  }
  return { kind: "other", type: trigger.type };
}

/** The input binding whose type ends in "Trigger"; every function has exactly one. */
export function findTrigger(registration: FunctionRegistration): BindingMetadata {
  const trigger = Object.values(registration.metadata.bindings).find(
    (binding) => binding.direction === "in" && binding.type.toLowerCase().endsWith("trigger"),
  );
  if (!trigger) {
    throw new Error(`Function "${registration.name}" has no trigger binding.`);
  }
  return trigger;
}

function readMethods(value: unknown): readonly string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    return undefined;
  }
  return value.map((method) => String(method).toUpperCase());
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}
