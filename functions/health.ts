import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { checkStorage } from "../shared/storage/checkStorage";

const services = appServices();

app.http("health", {
  route: "health",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: async (_request, context) => {
    const reachable = await checkStorage(services.storage);
    if (!reachable) {
      context.warn("health.storage_unreachable");
    }
    return {
      status: reachable ? 200 : 503,
      jsonBody: { status: reachable ? "healthy" : "unhealthy", storage: reachable },
      headers: { "cache-control": "no-store" },
    };
  },
});
