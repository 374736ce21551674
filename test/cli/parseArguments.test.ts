import { UsageError } from "../../cli/errors";
import { parseArguments } from "../../cli/parseArguments";

describe("parseArguments", () => {
  describe("token", () => {
    it("collects every --scope and the other options", () => {
      const command = parseArguments([
        "token",
        "--tenant",
        "contoso",
        "--scope",
        "a",
        "--scope",
        "b",
        "--account",
        "backup@contoso.com",
        "--timeout",
        "15m",
        "--json",
      ]);

      expect(command).toEqual({
        name: "token",
        options: {
          tenant: "contoso",
          scopes: ["a", "b"],
          account: "backup@contoso.com",
          timeoutMs: 900_000,
          json: true,
        },
      });
    });

    it("leaves out the timeout when none is given, so waiting never ends on its own", () => {
      const command = parseArguments(["token", "--tenant", "contoso", "--scope", "a"]);

      expect(command).toEqual({
        name: "token",
        options: { tenant: "contoso", scopes: ["a"], json: false },
      });
    });

    it("needs at least one scope", () => {
      expect(() => parseArguments(["token", "--tenant", "contoso"])).toThrow("--scope");
    });
  });

  describe("login", () => {
    it("accepts no scope", () => {
      expect(parseArguments(["login", "--tenant", "contoso"])).toEqual({
        name: "login",
        options: { tenant: "contoso", scopes: [] },
      });
    });
  });

  describe("help", () => {
    it("is what --help asks for, whatever else is given", () => {
      expect(parseArguments(["token", "--help"])).toEqual({ name: "help", asked: true });
    });

    it("is the answer to an empty command line, without having been asked for", () => {
      expect(parseArguments([])).toEqual({ name: "help", asked: false });
    });
  });

  describe("usage errors", () => {
    it.each([
      [["backup"], "Unknown command: backup"],
      [["accounts"], "--tenant"],
      [["accounts", "--tenant", " "], "--tenant"],
      [["accounts", "--tenant", "contoso", "--scope", "a"], "--scope does not apply"],
      [["login", "--tenant", "contoso", "--json"], "--json does not apply"],
      [["token", "--tenant", "c", "--scope", "a", "--timeout", "soon"], "--timeout soon"],
      [["token", "--tenant", "c", "--scope", "a", "extra"], "Unexpected argument: extra"],
      [["token", "--tenant"], "--tenant"],
      [["token", "--verbose"], "--verbose"],
    ])("refuses %j", (argv, message) => {
      expect(() => parseArguments(argv)).toThrow(UsageError);
      expect(() => parseArguments(argv)).toThrow(message);
    });

    it.each([
      [["token", "--tenant", "c", "--scope", "a", "--bogus"], "--bogus"],
      [["token", "--bogus=1", "--tenant", "c"], "--bogus"],
      [["accounts", "-hx"], "-x"],
    ])("names the unknown option in %j in its own words", (argv, option) => {
      expect(() => parseArguments(argv)).toThrow(new UsageError(`Unknown option ${option}.`));
    });
  });
});
