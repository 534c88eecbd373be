import * as z from "zod";

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
