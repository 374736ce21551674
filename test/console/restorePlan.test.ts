import { restorePlanLines } from "../../console/messages";
import { planRestore } from "../../console/restorePlan";

const ADELE = "adele@contoso.com";
const MEGAN = "megan@contoso.com";
const BOB = "bob@contoso.com";

describe("restore plan", () => {
  it("names who comes back, who stays, and who is not in the snapshot, ignoring case", () => {
    expect(planRestore([ADELE, BOB], [MEGAN, "ADELE@contoso.com"], "merge")).toEqual({
      comeBack: [MEGAN],
      stay: ["ADELE@contoso.com"],
      notInSnapshot: [BOB],
      mode: "merge",
    });
  });

  it("says that replace removes the accounts the snapshot lacks", () => {
    const lines = restorePlanLines(planRestore([ADELE, BOB], [ADELE, MEGAN], "replace"));

    expect(lines).toEqual([
      `Come back: ${MEGAN}.`,
      `Stay signed in, with the newer of their two refresh tokens: ${ADELE}.`,
      `Removed, as they are not in the snapshot: ${BOB}.`,
    ]);
  });

  it("says that merge keeps them", () => {
    const lines = restorePlanLines(planRestore([BOB], [ADELE], "merge"));

    expect(lines).toEqual([`Come back: ${ADELE}.`, `Kept as they are: ${BOB}.`]);
  });

  it("says when nothing changes", () => {
    expect(restorePlanLines(planRestore([], [], "replace"))).toEqual([
      "No account changes: the snapshot and the cache hold no accounts.",
    ]);
  });
});
