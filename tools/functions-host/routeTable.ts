import { describeTrigger } from "./describeTrigger";
import type { FunctionRegistration } from "./functionsCore";
import {
  compareRouteTemplates,
  matchRouteTemplate,
  parseRouteTemplate,
  type RouteTemplate,
} from "./routeTemplate";

export interface HttpRoute {
  readonly registration: FunctionRegistration;
  readonly template: RouteTemplate;
  /** Upper-case; undefined means every method. */
  readonly methods: readonly string[] | undefined;
  readonly authLevel: string;
}

export interface RouteMatch {
  readonly route: HttpRoute;
  readonly params: Record<string, string>;
}

export interface RouteTable {
  readonly prefix: readonly string[];
  readonly routes: readonly HttpRoute[];
  /** Finds the function for a method and a decoded path, prefix included. */
  find(method: string, pathSegments: readonly string[]): RouteMatch | undefined;
}

/**
 * Builds the HTTP routes of an app, most specific first. A method a function does not list
 * makes its route not match, so the request ends in 404 as on Azure (not 405).
 */
export function buildRouteTable(
  registrations: readonly FunctionRegistration[],
  routePrefix: string,
): RouteTable {
  const routes: HttpRoute[] = [];
  for (const registration of registrations) {
    const trigger = describeTrigger(registration);
    if (trigger.kind !== "http") {
      continue;
    }
    routes.push({
      registration,
      template: parseTemplateFor(registration.name, trigger.route),
      methods: trigger.methods,
      authLevel: trigger.authLevel,
    });
  }
  routes.sort((a, b) => compareRouteTemplates(a.template, b.template));
  const prefix = routePrefix === "" ? [] : routePrefix.split("/");

  return { prefix, routes, find: (method, path) => findRoute(routes, prefix, method, path) };
}

function findRoute(
  routes: readonly HttpRoute[],
  prefix: readonly string[],
  method: string,
  pathSegments: readonly string[],
): RouteMatch | undefined {
  const hasPrefix = prefix.every(
    (segment, index) => pathSegments[index]?.toLowerCase() === segment.toLowerCase(),
  );
  if (!hasPrefix) {
    return undefined;
  }

  const rest = pathSegments.slice(prefix.length);
  const upperMethod = method.toUpperCase();
  for (const route of routes) {
    if (route.methods && !route.methods.includes(upperMethod)) {
      continue;
    }
    const params = matchRouteTemplate(route.template, rest);
    if (params) {
      return { route, params };
    }
  }
  return undefined;
}

function parseTemplateFor(functionName: string, route: string): RouteTemplate {
  try {
    return parseRouteTemplate(route);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`HTTP function "${functionName}": ${reason}`, { cause: error });
  }
}
