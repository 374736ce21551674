/** A field value as it may appear in a log line. */
export type LogValue = string | number | boolean | undefined;
export type LogFields = Record<string, LogValue>;

// Field names that may only ever hold secrets; their values are never written.
const SECRET_FIELD = /token|secret|password|device_?code|key|connection|assertion/i;
// A JWT (access or id token) anywhere in a text.
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// Long runs without spaces: refresh tokens, device codes and keys are opaque strings of this shape.
const OPAQUE = /[A-Za-z0-9_\-.~+/=]{64,}/g;
// Home account ids (`{object id}.{tenant id}`) are that long too, but they are ids, not secrets.
const IDENTIFIERS =
  /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}(\.[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})*$/i;

/** Removes anything that looks like a credential from a text meant for a log or an error. */
export function redactText(text: string): string {
  return text
    .replace(JWT, "[redacted]")
    .replace(OPAQUE, (run) => (IDENTIFIERS.test(run) ? run : "[redacted]"));
}

/** Redacts secret-named fields and credential-shaped values. */
export function redactFields(fields: LogFields): LogFields {
  const safe: LogFields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) {
      continue;
    }
    if (SECRET_FIELD.test(name) && !name.endsWith("ExpiresOn") && !name.endsWith("Count")) {
      safe[name] = "[redacted]";
    } else {
      safe[name] = typeof value === "string" ? redactText(value) : value;
    }
  }
  return safe;
}
