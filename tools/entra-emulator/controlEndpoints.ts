/**
 * Automation endpoints for the emulator as a whole: its settings, its clock, the faults of its
 * token endpoint and what that endpoint has counted.
 */
import { badRequest, jsonFieldsOf } from "./automationRequests";
import type { EmulatorContext } from "./context";
import { FaultSettingsError } from "./faults";
import { json, jsonOf, type EmulatorRequest, type Reply } from "./http";
import { applySettingsPatch, SettingsError } from "./settings";

/** `POST /_emulator/config`: changes runtime settings; answers the settings now in force. */
export function configure(context: EmulatorContext, request: EmulatorRequest): Reply {
  try {
    context.settings = applySettingsPatch(context.settings, jsonOf(request));
    return json(200, context.settings);
  } catch (error) {
    if (error instanceof SettingsError) return badRequest(error.message);
    throw error;
  }
}

/** `POST /_emulator/clock {"shiftSeconds"?, "reset"?}`: resets first, then shifts. */
export function shiftClock(context: EmulatorContext, request: EmulatorRequest): Reply {
  const { shiftSeconds, reset } = jsonFieldsOf(request);
  const shiftValid = typeof shiftSeconds === "number" && Number.isFinite(shiftSeconds);
  if ((shiftSeconds !== undefined && !shiftValid) || (reset !== undefined && reset !== true)) {
    return badRequest('expected {"shiftSeconds": number} and/or {"reset": true}');
  }
  if (shiftSeconds === undefined && reset === undefined) {
    return badRequest('expected {"shiftSeconds": number} and/or {"reset": true}');
  }

  if (reset === true) context.clock.reset();
  if (shiftValid) context.clock.shift(shiftSeconds);
  return describeClock(context);
}

/** `GET /_emulator/clock`: the shift in force and the emulator's now. */
export function describeClock(context: EmulatorContext): Reply {
  const { offsetSeconds } = context.clock;
  return json(200, { offsetSeconds, now: new Date(context.now()).toISOString() });
}

/** `POST /_emulator/faults`: sets a fault, a latency, or both. */
export function setFaults(context: EmulatorContext, request: EmulatorRequest): Reply {
  try {
    context.faults.apply(jsonOf(request));
    return json(200, context.faults.describe());
  } catch (error) {
    if (error instanceof FaultSettingsError) return badRequest(error.message);
    throw error;
  }
}

/** `DELETE /_emulator/faults`: removes the fault and the latency. */
export function clearFaults(context: EmulatorContext): Reply {
  context.faults.clear();
  return json(200, context.faults.describe());
}

/** `GET /_emulator/stats`: token endpoint counts since start or the last reset. */
export function describeStats(context: EmulatorContext): Reply {
  return json(200, { tokenRequests: context.tokenStats.snapshot() });
}

/** `DELETE /_emulator/stats`: starts counting from zero. */
export function resetStats(context: EmulatorContext): Reply {
  context.tokenStats.reset();
  return describeStats(context);
}
