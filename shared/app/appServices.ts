import { readSettings } from "../settings/settings";
import { createServices, type Services } from "./services";

let services: Services | undefined;

/**
 * The services of this process, made from the app settings on first use. Function files call
 * it when they load, so that bad settings stop the app at start with the setting's name.
 */
export function appServices(): Services {
  services ??= createServices(readSettings());
  return services;
}
