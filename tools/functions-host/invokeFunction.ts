import { randomUUID } from "node:crypto";
import { format } from "node:util";
import {
  InvocationContext,
  type EffectiveFunctionOptions,
  type FunctionTrigger,
} from "@azure/functions";
import type { FunctionRegistration } from "./functionsCore";
import { findTrigger } from "./describeTrigger";
import { describeError, formatLogLine, invocationSource, type HostLogSink } from "./hostLog";
import { invokeWithHooks } from "./runHooks";

export type InvocationOutcome<T> =
  | { readonly succeeded: true; readonly invocationId: string; readonly value: T }
  | { readonly succeeded: false; readonly invocationId: string };

/**
 * Runs one invocation: a fresh invocation id and `InvocationContext` whose logs go to the sink's
 * `out`, the handler between the invocation hooks, then `settle` on the result (for HTTP, the
 * conversion to a response; a failure there counts as a failed invocation, as on Azure). Ends
 * with one `Executed (Succeeded|Failed, N ms)` line; a failure goes to `err` with its stack.
 */
export async function invokeFunction<T>(
  registration: FunctionRegistration,
  triggerInput: unknown,
  log: HostLogSink,
  settle: (result: unknown) => Promise<T>,
): Promise<InvocationOutcome<T>> {
  const invocationId = randomUUID();
  const source = invocationSource(registration.name, invocationId);
  const context = new InvocationContext({
    invocationId,
    functionName: registration.name,
    logHandler: (level, ...args) => log.out(formatLogLine(level, source, format(...args))),
    options: effectiveOptions(registration),
  });
  const started = performance.now();
  const elapsed = (): string => `${Math.round(performance.now() - started)} ms`;

  try {
    const result = await invokeWithHooks(registration.handler, [triggerInput], context);
    const value = await settle(result);
    log.out(formatLogLine("information", source, `Executed (Succeeded, ${elapsed()})`));
    return { succeeded: true, invocationId, value };
  } catch (error) {
    const [message, ...stack] = describeError(error).split("\n");
    const line = formatLogLine("error", source, `Executed (Failed, ${elapsed()}): ${message}`);
    log.err([line, ...stack].join("\n"));
    return { succeeded: false, invocationId };
  }
}

function effectiveOptions(registration: FunctionRegistration): EffectiveFunctionOptions {
  const trigger = findTrigger(registration);
  const triggerName = Object.entries(registration.metadata.bindings).find(
    ([, binding]) => binding === trigger,
  )?.[0];
  const returnBinding = registration.metadata.bindings["$return"];
  const options: EffectiveFunctionOptions = {
    trigger: { ...trigger, name: triggerName ?? "trigger" } as FunctionTrigger,
    extraInputs: [],
    extraOutputs: [],
  };
  if (returnBinding) {
    options.return = { ...returnBinding, name: "$return" };
  }
  return options;
}
