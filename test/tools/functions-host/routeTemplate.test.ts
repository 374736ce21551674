import {
  compareRouteTemplates,
  matchRouteTemplate,
  parseRouteTemplate,
} from "../../../tools/functions-host/routeTemplate";
import { splitRequestPath } from "../../../tools/functions-host/splitRequestPath";

function match(template: string, requestPath: string): Record<string, string> | undefined {
  return matchRouteTemplate(parseRouteTemplate(template), splitRequestPath(requestPath));
}

describe("routeTemplate", () => {
  it("orders literal segments before constrained, plain and catch-all parameters", () => {
    const templates = ["items/{*rest}", "items/{name}", "items/{id:int}", "items/special"];
    const ordered = templates
      .map(parseRouteTemplate)
      .sort(compareRouteTemplates)
      .map((template) => template.text);
    expect(ordered).toEqual(["items/special", "items/{id:int}", "items/{name}", "items/{*rest}"]);
  });

  it("keeps an escaped slash inside its segment, as ASP.NET Core does", () => {
    expect(match("files/{name}", "/files/a%2Fb")).toEqual({ name: "a%2Fb" });
  });

  it("ignores a trailing slash", () => {
    expect(match("files/{name}", "/files/report/")).toEqual({ name: "report" });
  });

  it("does not match a longer path", () => {
    expect(match("files/{name}", "/files/a/b")).toBeUndefined();
  });

  it("accepts the int constraint within 32 bits only", () => {
    expect(match("n/{id:int}", "/n/-2147483648")).toEqual({ id: "-2147483648" });
    expect(match("n/{id:int}", "/n/2147483648")).toBeUndefined();
  });

  it.each([
    ["files/{name}.{ext}", /mixes text and parameters/],
    ["files/{name=index}", /default parameter values/],
    ["files/{size:min(1)}", /constraint "min\(1\)" is not supported/],
    ["files/{*rest}/more", /catch-all parameter must be the last segment/],
    ["files/{a?}/b", /optional parameter can only be followed by optional ones/],
  ])("rejects %s", (template, reason) => {
    expect(() => parseRouteTemplate(template)).toThrow(reason);
  });
});
