import { isSupportedConstraint, satisfiesConstraint } from "./routeConstraints";

type TemplateSegment =
  | { readonly kind: "literal"; readonly text: string }
  | {
      readonly kind: "parameter";
      readonly name: string;
      readonly optional: boolean;
      readonly constraints: readonly string[];
    }
  | { readonly kind: "catchAll"; readonly name: string };

/** A parsed ASP.NET Core route template, as Azure Functions routes HTTP triggers. */
export interface RouteTemplate {
  readonly text: string;
  readonly segments: readonly TemplateSegment[];
  /** ASP.NET's inbound precedence, one digit per segment; lower digits match first. */
  readonly precedence: readonly number[];
}

/**
 * Parses a route template: literal segments, `{name}`, `{name?}`, `{name:int}` (constraints
 * int, long, bool, alpha, guid, several allowed), and a final catch-all `{*rest}`. Anything else
 * (a segment mixing text and parameters, default values, other constraints) throws, naming the
 * template.
 */
export function parseRouteTemplate(text: string): RouteTemplate {
  const trimmed = text.replace(/^\/+|\/+$/g, "");
  const segments = trimmed === "" ? [] : trimmed.split("/").map((raw) => parseSegment(raw, text));
  assertValidOrder(segments, text);
  return { text: trimmed, segments, precedence: segments.map(precedenceDigit) };
}

/**
 * Matches decoded path segments against a template. Literals compare case-insensitively.
 * Returns the route parameters, or undefined when the path does not match. An omitted optional
 * parameter or an empty catch-all is absent from the result.
 */
export function matchRouteTemplate(
  template: RouteTemplate,
  pathSegments: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};

  for (const [index, segment] of template.segments.entries()) {
    const value = pathSegments[index];

    if (segment.kind === "catchAll") {
      const rest = pathSegments.slice(index).join("/");
      if (rest !== "") {
        params[segment.name] = rest;
      }
      return params;
    }
    if (value === undefined || value === "") {
      if (segment.kind === "parameter" && segment.optional) {
        continue;
      }
      return undefined;
    }
    if (segment.kind === "literal") {
      if (value.toLowerCase() !== segment.text.toLowerCase()) {
        return undefined;
      }
      continue;
    }
    if (!segment.constraints.every((constraint) => satisfiesConstraint(constraint, value))) {
      return undefined;
    }
    params[segment.name] = value;
  }

  return pathSegments.length <= template.segments.length ? params : undefined;
}

/** Orders templates the way ASP.NET tries them: by precedence digits, then by text. */
export function compareRouteTemplates(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let index = 0; index < length; index++) {
    const difference = (a.precedence[index] ?? 0) - (b.precedence[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  const left = a.text.toLowerCase();
  const right = b.text.toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

function parseSegment(raw: string, template: string): TemplateSegment {
  if (!raw.includes("{") && !raw.includes("}")) {
    if (raw === "") {
      throw new Error(`Route template "${template}" has an empty segment.`);
    }
    return { kind: "literal", text: raw };
  }

  const inner = /^\{([^{}]+)\}$/.exec(raw)?.[1];
  if (inner === undefined) {
    throw unsupported(template, `segment "${raw}" mixes text and parameters`);
  }
  if (inner.includes("=")) {
    throw unsupported(template, "default parameter values are not supported");
  }
  if (inner.startsWith("*")) {
    return { kind: "catchAll", name: parameterName(inner.replace(/^\*+/, ""), template) };
  }

  const optional = inner.endsWith("?");
  const [name = "", ...constraints] = (optional ? inner.slice(0, -1) : inner).split(":");
  const unknown = constraints.find((constraint) => !isSupportedConstraint(constraint));
  if (unknown !== undefined) {
    throw unsupported(template, `constraint "${unknown}" is not supported by the local host`);
  }
  return { kind: "parameter", name: parameterName(name, template), optional, constraints };
}

function parameterName(name: string, template: string): string {
  if (!/^[A-Za-z_][\w-]*$/.test(name)) {
    throw unsupported(template, `"${name}" is not a valid parameter name`);
  }
  return name;
}

function assertValidOrder(segments: readonly TemplateSegment[], template: string): void {
  let sawOptional = false;
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === "catchAll" && index !== segments.length - 1) {
      throw unsupported(template, "a catch-all parameter must be the last segment");
    }
    if (segment.kind === "literal" || (segment.kind === "parameter" && !segment.optional)) {
      if (sawOptional) {
        throw unsupported(template, "an optional parameter can only be followed by optional ones");
      }
    }
    sawOptional ||= segment.kind === "parameter" && segment.optional;
  }
}

/** ASP.NET Core's inbound digits: literal 1, constrained parameter 3, parameter 4, catch-all 5. */
function precedenceDigit(segment: TemplateSegment): number {
  if (segment.kind === "literal") {
    return 1;
  }
  if (segment.kind === "catchAll") {
    return 5;
  }
  return segment.constraints.length > 0 ? 3 : 4;
}

function unsupported(template: string, reason: string): Error {
  return new Error(`Route template "${template}": ${reason}.`);
}
