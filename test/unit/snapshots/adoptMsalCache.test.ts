import { adoptMsalCache } from "../../../shared/snapshots/adoptMsalCache";
import { OBTAINED_AT_SECTION, type CacheDocument } from "../../../shared/tokenCache/cacheDocument";
import {
  CLIENT,
  OTHER_TENANT,
  TENANT,
  combined,
  msalNodeAccount,
  refreshTokensIn,
  usernamesIn,
} from "./cacheFixtures";

const OTHER_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const HERE = "127.0.0.1:7443";
const target = { tenantId: TENANT, clientId: CLIENT, environment: HERE };

/** One account as MSAL Python writes it: its key strings, its `target` on refresh tokens. */
function pythonAccount(uid: string, tenant: string, client: string, env: string): CacheDocument {
  const home = `${uid}.${tenant}`;
  const scopes = "Group.Read.All openid profile offline_access";
  const credential = { home_account_id: home, environment: env, client_id: client };
  return {
    Account: {
      [`${home}-${env}-${tenant}`]: {
        home_account_id: home,
        environment: env,
        realm: tenant,
        local_account_id: uid,
        username: `${uid}@${tenant.slice(0, 4)}.example`,
        authority_type: "MSSTS",
        account_source: "urn:ietf:params:oauth:grant-type:device_code",
      },
    },
    AccessToken: {
      [`${home}-${env}-accesstoken-${client}-${tenant}-${scopes}`]: {
        ...credential,
        credential_type: "AccessToken",
        secret: `at-${uid}-${client}`,
        realm: tenant,
        target: scopes,
        token_type: "Bearer",
        cached_at: "1700000000",
        expires_on: "1700003600",
        extended_expires_on: "1700003600",
      },
    },
    RefreshToken: {
      [`${home}-${env}-refreshtoken-${client}--${scopes}`]: {
        ...credential,
        credential_type: "RefreshToken",
        secret: `rt-${uid}-${client}`,
        target: scopes,
        last_modification_time: "1700000000",
      },
    },
    IdToken: {
      [`${home}-${env}-idtoken-${client}-${tenant}-`]: {
        ...credential,
        credential_type: "IdToken",
        secret: `id-${uid}-${client}`,
        realm: tenant,
      },
    },
    AppMetadata: {
      [`appmetadata-${env}-${client}`]: { client_id: client, environment: env },
    },
  };
}

describe("adoptMsalCache", () => {
  describe("a cache written by MSAL Python for several tenants and apps", () => {
    const source = combined(
      pythonAccount("adele", TENANT, CLIENT, "login.windows.net"),
      pythonAccount("alex", OTHER_TENANT, CLIENT, "login.windows.net"),
      pythonAccount("azcli", TENANT, OTHER_CLIENT, "login.microsoftonline.com"),
    );
    const { document, dropped } = adoptMsalCache(source, target);

    it("keeps only this tenant's account with tokens of this app", () => {
      expect(usernamesIn(document)).toEqual(["adele@51a4.example"]);
      expect(refreshTokensIn(document)).toEqual([`rt-adele-${CLIENT}`]);
    });

    it("keys every entry as msal-node does, in this service's environment", () => {
      const home = `adele.${TENANT}`;
      expect(Object.keys(document.Account!)).toEqual([`${home}-${HERE}-${TENANT}`]);
      expect(Object.keys(document.RefreshToken!)).toEqual([
        `${home}-${HERE}-refreshtoken-${CLIENT}---`,
      ]);
      expect(Object.keys(document.IdToken!)).toEqual([
        `${home}-${HERE}-idtoken-${CLIENT}-${TENANT}--`,
      ]);
      expect(Object.keys(document.AccessToken!)).toEqual([
        `${home}-${HERE}-accesstoken-${CLIENT}-${TENANT}-group.read.all openid profile offline_access-`,
      ]);
      expect(Object.keys(document.AppMetadata!)).toEqual([`appmetadata-${HERE}-${CLIENT}`]);
      for (const section of Object.values(document)) {
        for (const entity of Object.values(section)) {
          expect((entity as { environment: string }).environment).toBe(HERE);
        }
      }
    });

    it("drops the refresh token's scopes, which msal-node does not key by", () => {
      const [refreshToken] = Object.values(document.RefreshToken!);
      expect(refreshToken).not.toHaveProperty("target");
    });

    it("counts what it left out, by reason", () => {
      // alex: the account and its three credentials are of another tenant. azcli: three
      // credentials and the app metadata are of another app, and its account has no refresh
      // token of this app.
      expect(dropped).toEqual({ otherTenant: 4, otherClient: 4, noRefreshToken: 1 });
    });
  });

  it("leaves out entries of another cloud, unknown sections and malformed entries", () => {
    const china = pythonAccount("lee", TENANT, CLIENT, "login.chinacloudapi.cn");
    const source = combined(pythonAccount("adele", TENANT, CLIENT, "login.microsoftonline.com"), {
      AccessToken: china.AccessToken!,
      IdToken: { broken: { home_account_id: "x" } },
      Extra: { x: {} },
    });

    const { dropped } = adoptMsalCache(source, { ...target, environment: "login.windows.net" });

    expect(dropped).toEqual({ otherCloud: 1, unknownSection: 1, malformed: 1 });
  });

  it("keeps the broker's own entries and their refresh times unchanged", () => {
    const own = msalNodeAccount({ uid: "megan", environment: HERE, obtainedAt: 1234 });

    const { document, dropped } = adoptMsalCache(own, target);

    expect(dropped).toEqual({});
    expect(document).toEqual(own);
    expect(Object.values(document[OBTAINED_AT_SECTION]!)).toEqual([1234]);
  });
});
