const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

const wholeDuration = /^(?:\d+[smh])+$/;
const durationPart = /(\d+)([smh])/g;

/**
 * Parses a wait time such as `90s`, `15m`, `2h`, `1h30m`, or a plain number of seconds, into
 * milliseconds. Returns undefined for anything else, including zero.
 */
export function parseDuration(text: string): number | undefined {
  let ms = 0;

  if (/^\d+$/.test(text)) {
    ms = Number(text) * unitMs.s!;
  } else if (wholeDuration.test(text)) {
    for (const [, amount, unit] of text.matchAll(durationPart)) {
      ms += Number(amount) * unitMs[unit!]!;
    }
  } else {
    return undefined;
  }

  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** Writes milliseconds back in the form `parseDuration` reads, largest units first: `1h30m`. */
export function formatDuration(ms: number): string {
  let seconds = Math.ceil(ms / 1000);
  let text = "";

  for (const [unit, size] of [
    ["h", 3600],
    ["m", 60],
  ] as const) {
    if (seconds >= size) {
      text += `${Math.floor(seconds / size)}${unit}`;
      seconds %= size;
    }
  }

  return seconds > 0 || text === "" ? `${text}${seconds}s` : text;
}
