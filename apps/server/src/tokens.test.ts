import { describe, expect, it } from "vitest";
import { TokenError, Tokens } from "./tokens";

const tokens = new Tokens("0123456789abcdef0123456789abcdef-secret");
const other = new Tokens("another-secret-another-secret-another-secret");

describe("Tokens", () => {
  it("round-trips session tokens and rejects forged ones", () => {
    const token = tokens.signSession("judgeABCDEFGH");
    expect(tokens.verifySession(token)).toBe("judgeABCDEFGH");
    expect(() => other.verifySession(token)).toThrow(TokenError);
    expect(() => tokens.verifySession(token.replace("judgeABCDEFGH", "judgeABCDEFGX"))).toThrow(/invalid or forged/);
    expect(() => tokens.verifySession("s1.judgeABCDEFGH")).toThrow(TokenError);
  });

  it("binds an assignment to a judge and an expiry", () => {
    const claims = { assignment: "assignment1234", judge: "judgeABCDEFGH", expiresAt: 2_000_000_000_000 };
    const token = tokens.signAssignment(claims);
    expect(tokens.verifyAssignment(token, 1_000)).toEqual(claims);
    // Changing any field breaks the signature.
    expect(() => tokens.verifyAssignment(token.replace("judgeABCDEFGH", "judgeZZZZZZZZ"), 1_000)).toThrow(/invalid signature/);
    expect(() => tokens.verifyAssignment(token.replace("2000000000000", "2000000000001"), 1_000)).toThrow(/invalid signature/);
    expect(() => tokens.verifyAssignment(token, 3_000_000_000_000)).toThrow(expect.objectContaining({ reason: "expired" }));
    expect(() => tokens.verifyAssignment("a1.x.y", 0)).toThrow(/not an assignment token/);
  });

  it("seals media claims into ids that are opaque, fresh each time and tamper-proof", () => {
    const claims = { kind: "video" as const, episode: "pick-cube__oracle__s3", camera: "third", assignment: "asg123456", expiresAt: 2_000_000_000_000 };
    const [first, second] = [tokens.sealMedia(claims), tokens.sealMedia(claims)];
    expect(first).not.toBe(second);
    for (const id of [first, second]) {
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(id).not.toContain("oracle");
      expect(Buffer.from(id, "base64url").toString("latin1")).not.toContain("oracle");
      expect(tokens.openMedia(id, 0)).toEqual(claims);
    }
    const flipped = first.slice(0, 20) + (first[20] === "A" ? "B" : "A") + first.slice(21);
    expect(() => tokens.openMedia(flipped, 0)).toThrow(/invalid/);
    expect(() => other.openMedia(first, 0)).toThrow(TokenError);
    expect(() => tokens.openMedia(first, 3_000_000_000_000)).toThrow(/expired/);
  });
});
