import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { stopChild } from "../local-stack/stopChild";

/** A child process the start script runs, and the line that says it is ready. */
export interface StartedChild {
  name: string;
  child: ChildProcess;
  /** The first output line that matched the readiness pattern. */
  readyLine: RegExpMatchArray;
}

/**
 * Starts `node <args>` and waits until its output shows `ready`. The child's output is passed
 * through, each line prefixed with its name, so one terminal shows the whole stack.
 */
export function startChild(
  name: string,
  args: string[],
  ready: RegExp,
  options: SpawnOptions = {},
): Promise<StartedChild> {
  const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let matched = false;
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        process.stdout.write(`[${name}] ${line}\n`);
        const match = matched ? null : line.match(ready);
        if (match) {
          matched = true;
          clearTimeout(timer);
          resolve({ name, child, readyLine: match });
        }
      }
    };
    child.stdout?.on("data", forward);
    child.stderr?.on("data", forward);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!matched) {
        reject(new Error(`${name} exited with code ${code} before it was ready`));
      }
    });
  });
}

/** Stops every child, politely first. */
export async function stopChildren(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map(stopChild));
}
