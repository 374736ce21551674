import { app } from "@azure/functions";
import { ConsoleAssets } from "../shared/console/ConsoleAssets";
import {
  CONSOLE_HEADERS,
  consoleAssetResponse,
  consoleRedirect,
} from "../shared/http/consoleResponse";

const assets = new ConsoleAssets();

// Anonymous on purpose: the page and its scripts hold no data. Every data call the page makes
// goes to the keyed API with the key the person typed (see the README's Console section).
app.http("console", {
  route: "console/{*asset}",
  methods: ["GET", "HEAD"],
  authLevel: "anonymous",
  handler: async (request) => {
    const name = request.params.asset;
    const { pathname } = new URL(request.url);
    if (name === undefined && pathname.endsWith("/")) {
      return consoleRedirect(pathname);
    }

    const asset = await assets.get(name);
    return asset ? consoleAssetResponse(asset) : { status: 404, headers: { ...CONSOLE_HEADERS } };
  },
});
