import type { ConsoleContext } from "./context.js";
import { byId, el, show } from "./dom.js";
import { TEXT } from "./messages.js";
import type { TenantOverview } from "./types.js";
import { withInitialDomain } from "./tenantName.js";

/** The hash of a tenant's page. */
export function tenantHash(tenant: string): string {
  return `#/tenants/${encodeURIComponent(tenant)}`;
}

/** The start page: the tenants the service knows, and a form to open any tenant. */
export class TenantsPage {
  readonly view = byId("tenants-view", HTMLElement);
  private readonly rows = byId("tenants-table", HTMLTableElement).tBodies[0]!;
  private readonly empty = byId("tenants-empty", HTMLParagraphElement);
  private readonly input = byId("tenant-input", HTMLInputElement);

  constructor(private readonly context: ConsoleContext) {
    byId("open-tenant-form", HTMLFormElement).addEventListener("submit", (event) => {
      event.preventDefault();
      const name = this.input.value.trim().toLowerCase();
      if (name !== "") {
        location.hash = tenantHash(withInitialDomain(name));
      }
    });
  }

  async open(): Promise<void> {
    document.title = "Tenants - Token broker console";
    this.rows.parentElement?.setAttribute("aria-busy", "true");
    try {
      this.render(await this.context.api.listTenants());
    } catch (error) {
      this.context.report(error);
    } finally {
      this.rows.parentElement?.removeAttribute("aria-busy");
    }
  }

  private render(tenants: TenantOverview[]): void {
    this.rows.replaceChildren(...tenants.map(tenantRow));
    this.empty.textContent = TEXT.noTenants;
    show(this.empty, tenants.length === 0);
  }
}

function tenantRow(tenant: TenantOverview): HTMLTableRowElement {
  const name = tenant.domains[0] ?? tenant.tenantId;
  const others = tenant.domains.slice(1);
  const attention = tenant.attentionCount;
  return el(
    "tr",
    { "data-tenant": tenant.tenantId },
    el(
      "th",
      { scope: "row" },
      el("a", { href: tenantHash(name) }, name),
      others.length > 0 && el("span", { class: "muted block" }, `also ${others.join(", ")}`),
    ),
    el("td", { class: "mono" }, tenant.tenantId),
    el("td", { class: "number" }, String(tenant.accountCount)),
    el(
      "td",
      { class: attention > 0 ? "number attention" : "number" },
      attention > 0 ? String(attention) : "none",
    ),
  );
}
