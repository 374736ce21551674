import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Writes the emulator's state file whenever asked, one write at a time, always with the latest
 * state: `save()` renders the state when its write begins, so requests that changed the state
 * while another write ran share the next write instead of queueing one each, and the file never
 * ends with an older state than the last change.
 *
 * Each write goes to a new file beside the state file, mode 0600 (it holds refresh tokens), is
 * flushed to disk and then renamed over the old one, so a crash leaves the old file or the new
 * one, never part of one. A temporary file of a crashed write may stay behind; it is never read.
 */
export class StateWriter {
  /** The write that has not begun yet, which every `save()` until it begins joins. */
  private next: Promise<void> | undefined;
  /** The last write queued, settled or not; the next one starts after it. */
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly render: () => string,
    /** The text the file holds now, if it matches the state: no write until the state changes. */
    private written: string | undefined,
  ) {}

  /**
   * Resolves once the state as it is now is on disk (at once if it already was); rejects if
   * that write failed. A later `save()` tries again.
   */
  save(): Promise<void> {
    if (this.next === undefined) {
      const write = this.last.then(() => {
        this.next = undefined;
        return this.writeIfChanged();
      });
      this.next = write;
      this.last = write.catch(() => undefined);
    }
    return this.next;
  }

  private async writeIfChanged(): Promise<void> {
    const text = this.render();
    if (text === this.written) return;
    const folder = path.dirname(this.file);
    const temporary = path.join(
      folder,
      `.${path.basename(this.file)}.${randomBytes(6).toString("hex")}.tmp`,
    );
    try {
      const handle = await open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
      throw new Error(`cannot write the state file ${this.file} (${code})`);
    }
    this.written = text;
  }
}

/** Makes the folder of a state file if it is missing, readable by its owner only. */
export async function ensureStateFolder(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
}
