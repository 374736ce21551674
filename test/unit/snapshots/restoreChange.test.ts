import { restoreChange, restoredCache } from "../../../shared/snapshots/restoreChange";
import { OBTAINED_AT_SECTION } from "../../../shared/tokenCache/cacheDocument";
import { combined, msalNodeAccount, refreshTokensIn, usernamesIn } from "./cacheFixtures";

const adele = (refreshToken: string, obtainedAt?: number) =>
  msalNodeAccount({
    uid: "adele",
    refreshToken,
    ...(obtainedAt === undefined ? {} : { obtainedAt }),
  });
const megan = msalNodeAccount({ uid: "megan" });
const lynne = msalNodeAccount({ uid: "lynne" });

describe("restoredCache", () => {
  describe("replace", () => {
    it("leaves exactly the restored accounts", () => {
      const result = restoredCache(combined(adele("a1"), megan), adele("a1"), "replace");

      expect(usernamesIn(result)).toEqual(["adele@contoso.example"]);
    });

    it("keeps the current refresh token of an account when it was obtained later", () => {
      const result = restoredCache(adele("newer", 2000), adele("older", 1000), "replace");

      expect(refreshTokensIn(result)).toEqual(["newer"]);
      expect(Object.values(result[OBTAINED_AT_SECTION]!)).toEqual([2000]);
    });

    it("takes the restored refresh token when the current one has no time", () => {
      expect(
        refreshTokensIn(restoredCache(adele("current"), adele("restored", 1000), "replace")),
      ).toEqual(["restored"]);
    });
  });

  describe("merge", () => {
    it("brings back the accounts the cache lacks and keeps the others", () => {
      const result = restoredCache(megan, combined(adele("a1"), lynne), "merge");

      expect(usernamesIn(result)).toEqual([
        "adele@contoso.example",
        "lynne@contoso.example",
        "megan@contoso.example",
      ]);
    });

    it("takes the restored refresh token of an account when it was obtained later", () => {
      const result = restoredCache(adele("current", 1000), adele("restored", 2000), "merge");

      expect(refreshTokensIn(result)).toEqual(["restored"]);
      expect(Object.values(result[OBTAINED_AT_SECTION]!)).toEqual([2000]);
    });

    it("keeps the current refresh token when it was obtained later", () => {
      expect(
        refreshTokensIn(restoredCache(adele("current", 2000), adele("old", 1000), "merge")),
      ).toEqual(["current"]);
    });

    it("keeps the current refresh token when either side has no time", () => {
      expect(
        refreshTokensIn(restoredCache(adele("current"), adele("restored", 2000), "merge")),
      ).toEqual(["current"]);
      expect(
        refreshTokensIn(restoredCache(adele("current", 1), adele("restored"), "merge")),
      ).toEqual(["current"]);
    });
  });
});

describe("restoreChange", () => {
  it("turns the cache as read into the target when nobody wrote meanwhile", () => {
    const base = combined(adele("a1"), megan);
    const target = restoredCache(base, adele("a1"), "replace");

    expect(restoreChange(base, target)(base)).toEqual(target);
  });

  it("keeps an account that signed in while the restore ran", () => {
    const base = adele("a1");
    const change = restoreChange(base, restoredCache(base, lynne, "replace"));

    const result = change(combined(base, megan));

    expect(usernamesIn(result)).toEqual(["lynne@contoso.example", "megan@contoso.example"]);
  });

  it("keeps a refresh token rotated while the restore ran, with the rest of that account", () => {
    const base = combined(adele("a1", 1000), megan);
    const change = restoreChange(base, restoredCache(base, megan, "replace"));

    const result = change(combined(adele("a2", 3000), megan));

    expect(usernamesIn(result)).toEqual(["adele@contoso.example", "megan@contoso.example"]);
    expect(refreshTokensIn(result)).toEqual(["a2", "rt-megan"]);
  });
});
