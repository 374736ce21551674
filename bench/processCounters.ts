import { readdirSync, readFileSync, writeFileSync } from "node:fs";

/**
 * What Linux's /proc says of a process: resident memory, its high-water mark, and CPU time.
 * Every reader answers undefined where /proc is missing or the process is gone.
 */

/** VmRSS and VmHWM (peak resident set size) from `/proc/<pid>/status`, in bytes. */
export function readResidentMemory(pid: number): { rss: number; peak: number } | undefined {
  const status = readProc(`/proc/${pid}/status`);
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status ?? "")?.[1]);
  const rss = kib("VmRSS");
  const peak = kib("VmHWM");
  return Number.isFinite(rss) && Number.isFinite(peak)
    ? { rss: rss * 1024, peak: peak * 1024 }
    : undefined;
}

/**
 * Resets VmHWM to the current RSS (writing 5 to `clear_refs`, Linux 4.0 and later), so that
 * the next reading is the peak since now. Answers false when the kernel refused.
 */
export function resetPeakMemory(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/**
 * CPU time of the process, every thread included (GC and libuv threads too), in ms: utime plus
 * stime of `/proc/<pid>/stat`, counted in USER_HZ (100 per second on x86 and Arm Linux).
 */
export function readCpuMs(pid: number): number | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name may hold spaces; the fields after it start with the state (field 3).
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields?.[11]) + Number(fields?.[12]);
  return Number.isFinite(ticks) ? ticks * 10 : undefined;
}

/**
 * Time all CPUs of the machine spent busy (not idle, not waiting for I/O) since boot, in ms, from
 * the first line of `/proc/stat`, in USER_HZ. Includes the kernel's interrupt work and the time
 * the hypervisor took (steal).
 */
export function readMachineBusyMs(): number | undefined {
  const fields = readProc("/proc/stat")?.split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!fields || fields.length < 5 || fields.some((n) => !Number.isFinite(n))) {
    return undefined;
  }
  // user nice system idle iowait irq softirq steal (guest time is already in user and nice).
  const [user, nice, system, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user! + nice! + system! + irq + softirq + steal) * 10;
}

/** The first child of this process whose command line matches `pattern`. */
export function findChildProcess(pattern: RegExp): number | undefined {
  const tasks = readdirSafe(`/proc/${process.pid}/task`);
  const children = tasks.flatMap((task) =>
    (readProc(`/proc/${process.pid}/task/${task}/children`) ?? "")
      .split(" ")
      .filter((pid) => pid !== "")
      .map(Number),
  );
  return children.find((pid) =>
    pattern.test((readProc(`/proc/${pid}/cmdline`) ?? "").replace(/\0/g, " ")),
  );
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function readdirSafe(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
