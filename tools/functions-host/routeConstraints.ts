/**
 * The ASP.NET Core route constraints the local host understands. Azure supports more (datetime,
 * decimal, double, float, min, max, range, length, minlength, maxlength, regex); a template using
 * one of those fails at startup rather than routing differently from Azure.
 */
const int32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const guidFormats = [
  /^[0-9a-f]{32}$/i,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i,
  /^\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$/i,
];

function isIntegerWithin(value: string, range: { min: bigint; max: bigint }): boolean {
  const text = value.trim();
  if (!/^[+-]?\d+$/.test(text)) {
    return false;
  }
  const number = BigInt(text);
  return number >= range.min && number <= range.max;
}

const constraints: Readonly<Record<string, (value: string) => boolean>> = {
  int: (value) => isIntegerWithin(value, int32),
  long: (value) => isIntegerWithin(value, int64),
  bool: (value) => /^(true|false)$/i.test(value.trim()),
  alpha: (value) => /^[a-z]*$/i.test(value),
  guid: (value) => guidFormats.some((format) => format.test(value.trim())),
};

export function isSupportedConstraint(name: string): boolean {
  return Object.hasOwn(constraints, name.toLowerCase());
}

/** True when `value` satisfies the named constraint (one of `isSupportedConstraint`). */
export function satisfiesConstraint(name: string, value: string): boolean {
  const check = constraints[name.toLowerCase()];
  return check !== undefined && check(value);
}
