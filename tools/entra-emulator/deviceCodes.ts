import { randomBytes, randomInt } from "node:crypto";

/** What a device code's user did; `expired` is derived from the clock, never stored. */
export type DeviceCodeDecision = "pending" | "approved" | "declined" | "redeemed";
export type DeviceCodeStatus = DeviceCodeDecision | "expired";

/** One device authorization (RFC 8628 section 3.2) and everything the emulator saw of it. */
export interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  tenantId: string;
  clientId: string;
  /** The `scope` value of the device authorization request, as sent. */
  scope: string;
  /** The `claims` value of the device authorization request, if any (a claims challenge). */
  claims?: string;
  createdAt: number;
  expiresAt: number;
  /** Seconds a client must wait between token requests; grows by 5 after each `slow_down`. */
  intervalSeconds: number;
  decision: DeviceCodeDecision;
  /** The approving user's object id, once approved. */
  userOid?: string;
  /** Arrival time (ms) of every token request that named this device code. */
  tokenRequests: number[];
}

export interface NewDeviceCode {
  tenantId: string;
  clientId: string;
  scope: string;
  claims?: string;
  now: number;
  lifetimeSeconds: number;
  intervalSeconds: number;
}

// Letters and digits without the look-alikes 0/O, 1/I/L, so a person can type the code.
const userCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const userCodeLength = 8;

/** Every device code issued by one emulator, findable by device code and by user code. */
export class DeviceCodeStore {
  private readonly byDevice = new Map<string, DeviceCodeRecord>();
  private readonly byUser = new Map<string, DeviceCodeRecord>();

  /** Starts empty, or with the device codes an earlier run saved (see `snapshot`). */
  constructor(saved: readonly DeviceCodeRecord[] = []) {
    for (const record of saved.map(copyRecord)) {
      this.byDevice.set(record.deviceCode, record);
      this.byUser.set(record.userCode, record);
    }
  }

  /** Every device code as plain data, copied so that the caller cannot change the store's. */
  snapshot(): DeviceCodeRecord[] {
    return [...this.byDevice.values()].map(copyRecord);
  }

  create(request: NewDeviceCode): DeviceCodeRecord {
    const record: DeviceCodeRecord = {
      deviceCode: randomBytes(96).toString("base64url"),
      userCode: this.newUserCode(),
      tenantId: request.tenantId,
      clientId: request.clientId,
      scope: request.scope,
      createdAt: request.now,
      expiresAt: request.now + request.lifetimeSeconds * 1000,
      intervalSeconds: request.intervalSeconds,
      decision: "pending",
      tokenRequests: [],
    };
    if (request.claims !== undefined) record.claims = request.claims;
    this.byDevice.set(record.deviceCode, record);
    this.byUser.set(record.userCode, record);
    return record;
  }

  findByDeviceCode(deviceCode: string): DeviceCodeRecord | undefined {
    return this.byDevice.get(deviceCode);
  }

  /** Finds by user code as a person types it: any case, spaces and dashes ignored. */
  findByUserCode(userCode: string): DeviceCodeRecord | undefined {
    return this.byUser.get(normalizeUserCode(userCode));
  }

  private newUserCode(): string {
    for (;;) {
      let code = "";
      for (let i = 0; i < userCodeLength; i++) {
        code += userCodeAlphabet[randomInt(userCodeAlphabet.length)];
      }
      if (!this.byUser.has(code)) return code;
    }
  }
}

/** The status a client or tester sees at time `now`. */
export function statusOf(record: DeviceCodeRecord, now: number): DeviceCodeStatus {
  const open = record.decision === "pending" || record.decision === "approved";
  return open && now >= record.expiresAt ? "expired" : record.decision;
}

function copyRecord(record: DeviceCodeRecord): DeviceCodeRecord {
  return { ...record, tokenRequests: [...record.tokenRequests] };
}

export function normalizeUserCode(userCode: string): string {
  return userCode.replace(/[\s-]/g, "").toUpperCase();
}
