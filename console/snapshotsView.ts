import { el } from "./dom.js";
import { localTime } from "./time.js";
import { timeView } from "./timeView.js";
import type { Snapshot } from "./types.js";

/** The rows of the snapshots table, as the API lists them (newest first). */
export function snapshotRows(
  snapshots: readonly Snapshot[],
  restore: (snapshot: Snapshot, button: HTMLButtonElement) => void,
): HTMLTableRowElement[] {
  return snapshots.map((snapshot) => {
    const button = el(
      "button",
      { type: "button" },
      "Restore…",
      el("span", { class: "visually-hidden" }, ` the snapshot ${describeSnapshot(snapshot)}`),
    );
    button.addEventListener("click", () => restore(snapshot, button));
    return el(
      "tr",
      { "data-snapshot": snapshot.id },
      el("td", {}, timeView(snapshot.createdOn, "unknown")),
      el("td", {}, snapshot.label === "" ? el("span", { class: "muted" }, "none") : snapshot.label),
      el("td", {}, accountList(snapshot)),
      el("td", { class: "number" }, size(snapshot.sizeBytes)),
      el("td", { class: "actions-cell" }, button),
    );
  });
}

/** A snapshot in a few words: its label, or when it was taken. */
export function describeSnapshot(snapshot: Snapshot): string {
  const taken = localTime(Date.parse(snapshot.createdOn));
  return snapshot.label === "" ? `taken ${taken}` : `"${snapshot.label}" taken ${taken}`;
}

function accountList(snapshot: Snapshot): HTMLElement {
  if (snapshot.unreadable) {
    return el("span", { class: "muted" }, "unknown (the cache could not be read)");
  }
  if (snapshot.accounts.length === 0) {
    return el("span", { class: "muted" }, "none");
  }
  return el("ul", {}, ...snapshot.accounts.map((name) => el("li", {}, name)));
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
