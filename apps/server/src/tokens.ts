/**
 * The arena's tokens, all derived from one secret kept in the database:
 * - session tokens `s1.<judge>.<mac>` and assignment tokens `a1.<assignment>.<judge>.<expiry>.<mac>`
 *   are HMAC-SHA256 signed (a forged or altered token fails verification);
 * - media ids are AES-256-GCM sealed (episode, camera, assignment, expiry): opaque, different on every
 *   issue, and tamper-proof, so a judge learns nothing from them and cannot ask for another episode.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export class TokenError extends Error {
  constructor(
    message: string,
    readonly reason: "unauthorized" | "expired",
  ) {
    super(message);
  }
}

export interface AssignmentClaims {
  assignment: string;
  judge: string;
  expiresAt: number;
}

export interface MediaClaims {
  kind: "video" | "replay";
  episode: string;
  camera?: string;
  assignment?: string;
  expiresAt: number;
}

const ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A random url-safe id of `bytes` random bytes. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}

export class Tokens {
  private readonly macKey: Buffer;
  private readonly sealKey: Buffer;

  /** `secret`: at least 32 bytes of entropy (hex or any string). */
  constructor(secret: string) {
    if (secret.length < 32) throw new Error("token secret: expected at least 32 characters");
    this.macKey = createHmac("sha256", secret).update("gauntlet-arena/mac").digest();
    this.sealKey = createHmac("sha256", secret).update("gauntlet-arena/seal").digest();
  }

  /** A session token for a judge id. */
  signSession(judge: string): string {
    return `s1.${judge}.${this.mac(`s1.${judge}`)}`;
  }

  /** The judge id of a valid session token; throws TokenError otherwise. */
  verifySession(token: string): string {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== "s1" || !ID.test(parts[1]) || !this.macMatches(`s1.${parts[1]}`, parts[2])) {
      throw new TokenError("session token: invalid or forged; get one from POST /api/sessions", "unauthorized");
    }
    return parts[1];
  }

  /** An assignment token binding an assignment to a judge until `expiresAt` (ms since epoch). */
  signAssignment(claims: AssignmentClaims): string {
    const body = `a1.${claims.assignment}.${claims.judge}.${claims.expiresAt}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a valid, unexpired assignment token; throws TokenError otherwise. */
  verifyAssignment(token: string, now = Date.now()): AssignmentClaims {
    const parts = token.split(".");
    const [version, assignment, judge, expiry, mac] = parts;
    if (parts.length !== 5 || version !== "a1" || !ID.test(assignment) || !ID.test(judge) || !/^\d{1,15}$/.test(expiry)) {
      throw new TokenError("assignment: not an assignment token from GET /api/pairs/next", "unauthorized");
    }
    if (!this.macMatches(parts.slice(0, 4).join("."), mac)) throw new TokenError("assignment: invalid signature (forged or altered token)", "unauthorized");
    const expiresAt = Number(expiry);
    if (expiresAt < now) throw new TokenError("assignment: expired; fetch a new pair", "expired");
    return { assignment, judge, expiresAt };
  }

  /** Seals media claims into an opaque url-safe id. */
  sealMedia(claims: MediaClaims): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.sealKey, iv);
    const payload = JSON.stringify([claims.kind === "video" ? "v" : "r", claims.episode, claims.camera ?? "", claims.assignment ?? "", claims.expiresAt]);
    const body = Buffer.concat([cipher.update(payload, "utf8"), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The claims of a valid, unexpired media id; throws TokenError otherwise. */
  openMedia(id: string, now = Date.now()): MediaClaims {
    const raw = /^[A-Za-z0-9_-]{40,400}$/.test(id) ? Buffer.from(id, "base64url") : Buffer.alloc(0);
    if (raw.length < 29) throw new TokenError("media id: malformed", "unauthorized");
    let fields: unknown;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      fields = JSON.parse(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8"));
    } catch {
      throw new TokenError("media id: invalid (forged or altered)", "unauthorized");
    }
    const [kind, episode, camera, assignment, expiresAt] = fields as [string, string, string, string, number];
    if (expiresAt < now) throw new TokenError("media id: expired; fetch a new pair", "expired");
    return { kind: kind === "v" ? "video" : "replay", episode, camera: camera || undefined, assignment: assignment || undefined, expiresAt };
  }

  private mac(body: string): string {
    return createHmac("sha256", this.macKey).update(body).digest("base64url");
  }

  private macMatches(body: string, mac: string | undefined): boolean {
    if (!mac) return false;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
