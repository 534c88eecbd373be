/** How the view writes numbers, durations and dates: the same rules as the server's texts. */

/** Whole from 100 up, at most two decimals below, thousands separated. */
export function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toFixed(2));
  return rounded.toLocaleString("en-US");
}

/** "612 ms", "0.4%", "1,204 VUs", "3 apdex" → "3": the unit glued or spaced as the server writes it. */
export function formatMeasure(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return "–";
  const suffix = unit === "" || unit === "count" || unit === "apdex" ? "" : unit === "%" ? "%" : ` ${unit}`;
  return `${formatNumber(value)}${suffix}`;
}

/** "4:05", "1:02:09": a clock-like duration, what people read under a progress bar. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** "6 Dec 2026, 19:42": a run's date in the reader's own locale and time zone. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}
