import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { BrokerError } from "../shared/http/BrokerError";
import { handle } from "../shared/http/handle";
import { jsonResponse } from "../shared/http/responses";
import { exportCache, exportPlainCache } from "../shared/snapshots/exportCache";

// Plain MSAL JSON holds refresh tokens in clear; the caller has to say it knows.
const PLAIN_CONFIRMATION = "plaintext-tokens";

app.http("exportCache", {
  route: "tenants/{tenant}/cache/export",
  methods: ["GET"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const format = request.query.get("format") ?? "encrypted";
    if (format !== "encrypted" && format !== "msal") {
      throw new BrokerError(
        "invalid_request",
        "Query parameter 'format' must be 'encrypted' or 'msal'.",
      );
    }
    if (format === "msal" && request.query.get("confirm") !== PLAIN_CONFIRMATION) {
      throw new BrokerError(
        "invalid_request",
        `format=msal returns refresh tokens in clear; add confirm=${PLAIN_CONFIRMATION} to ask for it.`,
      );
    }

    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    if (format === "msal") {
      return jsonResponse(200, await exportPlainCache(services.snapshots, tenant.tenantId, log));
    }
    const file = await exportCache(services.snapshots, tenant.tenantId, log);
    const name = `token-cache-${tenant.tenantId}-${file.createdOn.slice(0, 10)}.json`;
    return jsonResponse(200, file, { "content-disposition": `attachment; filename="${name}"` });
  }),
});
