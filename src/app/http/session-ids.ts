import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * `Mcp-Session-Id` values that are ids only: the server keeps no state for them, and any replica
 * that shares the caller's credential accepts them. Each is a random part and an HMAC of it under
 * a key derived from the credential the caller authenticates with (see access.ts), so a caller
 * cannot choose an id (one equal to another caller's) and cannot reuse an id under another
 * credential. Their one use is to tell one client's request ids from another's, so that a
 * `notifications/cancelled`, which comes in a POST of its own (perhaps to another replica),
 * reaches the request of the client that sent it and no other.
 */
const PREFIX = "s1";
const RANDOM_BYTES = 18;
const TAG_BYTES = 18;
const SHAPE = /^s1\.([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{24})$/;

/** The key that signs the session ids of callers presenting `credential`; the same on every replica. */
export function sessionKeyOf(credential: string): Buffer {
  return createHash("sha256").update("octoperf-mcp session ids\u0000", "utf8").update(credential, "utf8").digest();
}

/** A fresh session id, signed with `key`. */
export function issueSessionId(key: Buffer): string {
  const random = randomBytes(RANDOM_BYTES).toString("base64url");
  return `${PREFIX}.${random}.${tagOf(key, random).toString("base64url")}`;
}

/** Whether `id` is a session id issued under `key` (by any replica). */
export function isSessionId(key: Buffer, id: string): boolean {
  const match = SHAPE.exec(id);
  if (match === null) return false;
  const presented = Buffer.from(match[2]!, "base64url");
  return presented.length === TAG_BYTES && timingSafeEqual(presented, tagOf(key, match[1]!));
}

function tagOf(key: Buffer, random: string): Buffer {
  return createHmac("sha256", key).update(random, "utf8").digest().subarray(0, TAG_BYTES);
}
