import { el } from "./dom.js";
import { localTime, parseTime, relativeTime } from "./time.js";

/**
 * A time as the console shows it: the local date and time, and under it how far away it is
 * ("in 12 minutes"), kept current by {@link refreshRelativeTimes}. `missing` is shown instead
 * when the API has no time.
 */
export function timeView(iso: string | null | undefined, missing: string): HTMLElement {
  const at = parseTime(iso);
  if (at === undefined) {
    return el("span", { class: "muted" }, missing);
  }
  return el(
    "time",
    { datetime: new Date(at).toISOString(), "data-at": String(at) },
    el("span", { class: "local" }, localTime(at)),
    " ",
    el("span", { class: "relative" }, relativeTime(at, Date.now())),
  );
}

/** Brings every "in 12 minutes" under `root` up to date. */
export function refreshRelativeTimes(root: ParentNode, now: number = Date.now()): void {
  for (const time of root.querySelectorAll<HTMLElement>("time[data-at]")) {
    const relative = time.querySelector(".relative");
    if (relative) {
      relative.textContent = relativeTime(Number(time.dataset.at), now);
    }
  }
}
