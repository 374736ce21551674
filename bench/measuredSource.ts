import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { projectRoot } from "../tools/projectRoot";

/** The commit measured, and whether tracked files other than bench/results differ from it. */
export function measuredSource(): { commit: string; uncommittedChanges: boolean } | "unknown" {
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: projectRoot, encoding: "utf8" }).trim();
  const changes = ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results"];
  try {
    return {
      commit: git("rev-parse", "HEAD"),
      uncommittedChanges: git(...changes) !== "",
    };
  } catch {
    return "unknown";
  }
}

/** The machine a benchmark ran on. */
export function measuredEnvironment() {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    platform: `${process.platform} ${process.arch}`,
  };
}
