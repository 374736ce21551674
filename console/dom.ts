/**
 * The one way the console builds elements. Text always goes in as text nodes (`append` of a
 * string), never as HTML, so a username holding markup shows as the characters it is.
 */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | undefined>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child);
    }
  }
  return element;
}

/** The page's element with this id, of the expected kind; a missing one is a bug in the page. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) {
    throw new Error(`The page has no ${kind.name} #${id}.`);
  }
  return element;
}

/** Shows or hides an element (the `hidden` attribute, so screen readers skip it too). */
export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}

/**
 * A link target from the API, only when it is a web address: a `javascript:` or `data:` URL
 * would run on click.
 */
export function webAddress(text: string | undefined): string | undefined {
  try {
    const url = new URL(text ?? "");
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}
