/**
 * Failures a test switches on for the token endpoint (and only there: discovery and the device
 * authorization endpoint keep answering), set through `POST /_emulator/faults`.
 */

/** The statuses a fault can answer with: Entra's throttling and its "try again later". */
export type FaultStatus = 429 | 503;

export interface TokenEndpointFault {
  status: FaultStatus;
  /** Sent as `Retry-After`; without it the answer carries no such header. */
  retryAfterSeconds?: number;
  /** Requests still to fault; undefined means every request until the fault is cleared. */
  remaining?: number;
}

/** A faults request was malformed; the message names the field, never echoes a value. */
export class FaultSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaultSettingsError";
  }
}

const maxLatencyMs = 60_000;
const knownFields = new Set(["status", "retryAfterSeconds", "count", "latencyMs"]);

/** The fault and the latency in force on the token endpoint. */
export class TokenEndpointFaults {
  private fault: TokenEndpointFault | undefined;
  private latency = 0;

  get latencyMs(): number {
    return this.latency;
  }

  /**
   * Applies a request body: `status` (with optional `retryAfterSeconds` and `count`) replaces
   * the fault; `latencyMs` replaces the latency (0 removes it). Checks everything before changing
   * anything.
   */
  apply(body: unknown): void {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new FaultSettingsError("faults must be a JSON object");
    }
    const fields = body as Record<string, unknown>;
    const unknown = Object.keys(fields).find((name) => !knownFields.has(name));
    if (unknown !== undefined) throw new FaultSettingsError(`unknown field ${unknown}`);
    if (fields.status === undefined && fields.latencyMs === undefined) {
      throw new FaultSettingsError("expected status or latencyMs");
    }

    const fault = fields.status === undefined ? undefined : parseFault(fields);
    const faultOnly = fields.retryAfterSeconds !== undefined || fields.count !== undefined;
    if (fault === undefined && faultOnly) {
      throw new FaultSettingsError("retryAfterSeconds and count need a status");
    }
    const latency = fields.latencyMs === undefined ? this.latency : parseLatency(fields.latencyMs);

    if (fault !== undefined) this.fault = fault;
    this.latency = latency;
  }

  /** Removes the fault and the latency. */
  clear(): void {
    this.fault = undefined;
    this.latency = 0;
  }

  /** The fault that answers the request arriving now, if any; counts a limited fault down. */
  take(): TokenEndpointFault | undefined {
    const fault = this.fault;
    if (fault === undefined) return undefined;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.fault = undefined;
    }
    return fault;
  }

  /** What `GET /_emulator/faults` shows. */
  describe(): { fault: TokenEndpointFault | null; latencyMs: number } {
    return { fault: this.fault === undefined ? null : { ...this.fault }, latencyMs: this.latency };
  }
}

function parseFault(fields: Record<string, unknown>): TokenEndpointFault {
  const { status, retryAfterSeconds, count } = fields;
  if (status !== 429 && status !== 503) throw new FaultSettingsError("status must be 429 or 503");

  const fault: TokenEndpointFault = { status };
  if (retryAfterSeconds !== undefined) {
    // RFC 9110 section 10.2.3: Retry-After in seconds is a non-negative integer.
    if (!Number.isInteger(retryAfterSeconds) || (retryAfterSeconds as number) < 0) {
      throw new FaultSettingsError("retryAfterSeconds must be a whole number of seconds");
    }
    fault.retryAfterSeconds = retryAfterSeconds as number;
  }
  if (count !== undefined) {
    if (!Number.isInteger(count) || (count as number) < 1) {
      throw new FaultSettingsError("count must be a positive whole number");
    }
    fault.remaining = count as number;
  }
  return fault;
}

function parseLatency(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > maxLatencyMs) {
    throw new FaultSettingsError(`latencyMs must be between 0 and ${maxLatencyMs}`);
  }
  return value;
}
