import { cutAtWord } from "./cut-text.js";
import * as z from "zod";
import { InvalidInputError } from "../errors.js";

/**
 * OctoPerf ids are opaque URL-safe strings (20 characters, Elasticsearch style, in practice).
 * Every id that ends up in a URL path is checked against this first, so `../`, slashes,
 * whitespace and absurd lengths are refused before any request is sent.
 */
export const MAX_ID_LENGTH = 128;
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export function idSchema(what: string) {
  return z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(MAX_ID_LENGTH, { error: `${what} is longer than ${MAX_ID_LENGTH} characters: not an OctoPerf id` })
    .regex(ID_PATTERN, {
      error: `${what} may only contain letters, digits, "-" and "_" (OctoPerf ids are opaque URL-safe strings)`,
    });
}

export function isValidId(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value);
}

/**
 * A short, quoted rendering of what a caller sent, safe to put in a message: a long value is cut
 * at a word (a pasted token is dropped whole, never shown but for its last characters) and its
 * length said.
 */
export function previewValue(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  return text.length > 40 ? `${JSON.stringify(cutAtWord(text, 40))} (${text.length} characters)` : JSON.stringify(text);
}

/** The check every adapter makes before an id goes anywhere near a URL. */
export function assertValidId(id: string, kind: string): string {
  if (!isValidId(id)) {
    throw new InvalidInputError(
      `${previewValue(id)} is not a valid ${kind} id: OctoPerf ids are letters, digits, "-" and "_", at most ${MAX_ID_LENGTH} characters.`,
    );
  }
  return id;
}
