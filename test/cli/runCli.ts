import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const entry = join(root, "dist", "cli", "main.js");
const sources = join(root, "cli");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Compiles the project unless `dist/cli/main.js` is newer than every file in `cli/`. Errors in
 * folders others are editing do not stop tsc from writing the CLI, so only a stale entry fails.
 */
export function buildCli(): void {
  if (isFresh()) return;

  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: root, stdio: "pipe" });
  } catch {
    // Judged by the output below, not by the exit status.
  }
  if (!isFresh()) throw new Error("tsc did not write an up-to-date dist/cli/main.js");
}

function isFresh(): boolean {
  if (!existsSync(entry)) return false;

  const built = statSync(entry).mtimeMs;
  return readdirSync(sources).every((file) => statSync(join(sources, file)).mtimeMs <= built);
}

/**
 * Runs the built CLI with only the given environment (plus PATH) and collects its output. With
 * `closedStdout`, its stdout is closed at once, as by a reader that stopped early.
 */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { closedStdout?: boolean } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [entry, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (options.closedStdout) child.stdout.destroy();
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
