import { consoleAssetResponse, consoleRedirect } from "../../../shared/http/consoleResponse";

describe("console responses", () => {
  it("send the content type with a policy that allows this origin's scripts only", () => {
    const answer = consoleAssetResponse({ body: Buffer.from("x"), contentType: "text/css" });
    const headers = answer.headers as Record<string, string>;

    expect(headers["content-type"]).toBe("text/css");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["content-security-policy"]).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).not.toContain("unsafe");
  });

  it.each([
    ["/api/console/", "/api/console"],
    ["//evil.example/api/console/", "/evil.example/api/console"],
  ])("redirect %s to the same site's %s", (pathname, location) => {
    const answer = consoleRedirect(pathname);

    expect(answer.status).toBe(308);
    expect((answer.headers as Record<string, string>).location).toBe(location);
  });
});
