/**
 * The answer without its absent fields: JSON drops them on the wire, but an in-process client
 * (the SDK's in-memory transport) would otherwise see keys holding undefined.
 */
export function withoutAbsent<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutAbsent) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, withoutAbsent(v)]]))) as T;
}
