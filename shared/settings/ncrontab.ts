/**
 * NCRONTAB schedules as Azure Functions timer triggers read them: six fields, `{second} {minute}
 * {hour} {day} {month} {day-of-week}`, each `*`, a value, a range `a-b`, a step (`*\/n`, `a-b/n`,
 * `a/n` meaning a to the field's end), or a comma list of those. Months and days of the week also
 * take English names or their prefixes (`Jan`, `mon`). Day of week runs 0-6 from Sunday.
 *
 * Unlike Unix cron, and like NCrontab, a time must match the day of the month AND the day of the
 * week. Times are computed in UTC, Azure's default time zone.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const monthNames = ["January", "February", "March", "April", "May", "June", "July"].concat([
  "August",
  "September",
  "October",
  "November",
  "December",
]);
const dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const fieldSpecs: readonly FieldSpec[] = [
  { name: "second", min: 0, max: 59 },
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: monthNames },
  { name: "day of week", min: 0, max: 6, names: dayNames },
];

/** Long enough for the rarest schedule: 29 February on one weekday recurs in 28 years. */
const searchYears = 50;

export class CronExpressionError extends Error {
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`"${expression}" is not a valid NCRONTAB expression: ${reason}`);
    this.name = "CronExpressionError";
  }
}

export function parseCronSchedule(expression: string): CronSchedule {
  const tokens = expression
    .trim()
    .split(/\s+/)
    .filter((token) => token !== "");
  if (tokens.length !== fieldSpecs.length) {
    throw new CronExpressionError(
      expression,
      `expected 6 fields (second minute hour day month day-of-week), found ${tokens.length}`,
    );
  }

  const [seconds, minutes, hours, days, months, daysOfWeek] = fieldSpecs.map((spec, index) =>
    parseField(tokens[index] ?? "", spec, expression),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];

  return { expression, seconds, minutes, hours, days, months, daysOfWeek };
}

/** The first occurrence strictly after `after`, or undefined when none falls within 50 years. */
export function nextOccurrence(schedule: CronSchedule, after: Date): Date | undefined {
  const limit = Date.UTC(after.getUTCFullYear() + searchYears, 0, 1);
  let time = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);

  while (time.getTime() < limit) {
    const [year, month, day] = [time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate()];
    const [hour, minute, second] = [time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds()];

    if (!schedule.months.has(month + 1)) {
      time = new Date(Date.UTC(year, month + 1, 1));
    } else if (!schedule.days.has(day) || !schedule.daysOfWeek.has(time.getUTCDay())) {
      time = new Date(Date.UTC(year, month, day + 1));
    } else if (!schedule.hours.has(hour)) {
      time = new Date(Date.UTC(year, month, day, hour + 1));
    } else if (!schedule.minutes.has(minute)) {
      time = new Date(Date.UTC(year, month, day, hour, minute + 1));
    } else if (!schedule.seconds.has(second)) {
      time = new Date(Date.UTC(year, month, day, hour, minute, second + 1));
    } else {
      return time;
    }
  }
  return undefined;
}

function parseField(token: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of token.split(",")) {
    const [start, end, step] = parseItem(item, spec, expression);
    for (let value = start; value <= end; value += step) {
      values.add(value);
    }
  }
  return values;
}

function parseItem(item: string, spec: FieldSpec, expression: string): [number, number, number] {
  const fail = (reason: string): never => {
    throw new CronExpressionError(expression, `${spec.name} field "${item}": ${reason}`);
  };
  const [range = "", stepText, ...extra] = item.split("/");
  if (range === "" || extra.length > 0) {
    fail("expected a value, a range, * or a step");
  }

  let step = 1;
  if (stepText !== undefined) {
    step = /^\d+$/.test(stepText) ? Number(stepText) : fail(`step "${stepText}" is not a number`);
    if (step === 0) {
      fail("the step must be at least 1");
    }
  }
  if (range === "*") {
    return [spec.min, spec.max, step];
  }

  const [first = "", last, ...more] = range.split("-");
  if (more.length > 0) {
    fail("a range has two ends");
  }
  const start = parseValue(first, spec, fail);
  const end = last !== undefined ? parseValue(last, spec, fail) : stepText ? spec.max : start;
  if (end < start) {
    fail(`the range ends before it starts`);
  }
  return [start, end, step];
}

function parseValue(text: string, spec: FieldSpec, fail: (reason: string) => never): number {
  let value: number | undefined;
  if (/^\d+$/.test(text)) {
    value = Number(text);
  } else if (text !== "" && spec.names) {
    const index = spec.names.findIndex((name) => name.toLowerCase().startsWith(text.toLowerCase()));
    value = index >= 0 ? spec.min + index : undefined;
  }

  if (value === undefined) {
    return fail(`"${text}" is not a ${spec.name} value`);
  }
  if (value < spec.min || value > spec.max) {
    return fail(`${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}
