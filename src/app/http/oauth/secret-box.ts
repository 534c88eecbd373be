import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What the server secret protects, each with a key of its own derived from it (HKDF): the
 * OctoPerf keys at rest and the consent requests in flight (AES-256-GCM, bound to what they
 * belong to by the associated data), and the values a browser or client must hand back unchanged
 * (HMAC-SHA256: the consent form's CSRF token, confidential clients' secrets).
 */
export class SecretBox {
  readonly #encryptionKey: Buffer;
  readonly #macKey: Buffer;

  constructor(secret: Buffer) {
    this.#encryptionKey = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "octoperf-mcp oauth encryption", 32));
    this.#macKey = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "octoperf-mcp oauth signing", 32));
  }

  /** base64url(iv | ciphertext | tag); `context` must be given again to open it. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The plaintext, or null when the value was altered, sealed for another context or under another secret. */
  open(sealed: string, context: string): string | null {
    const bytes = Buffer.from(sealed, "base64url");
    if (bytes.length < IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#encryptionKey, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      return null;
    }
  }

  sign(value: string): string {
    return createHmac("sha256", this.#macKey).update(value, "utf8").digest("base64url");
  }

  verify(value: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(value), "utf8");
    const given = Buffer.from(signature, "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** A fresh unguessable token (256 bits), prefixed so that a leaked one says what it is. */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** Tokens and codes are stored under this digest, never as they are. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
