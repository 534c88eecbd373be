/**
 * Live metrics: what OctoPerf says about a run while it is RUNNING (octoperf-api.md §11c,
 * `GET /analysis/metrics/global/{benchResultId}`), the only metrics endpoint that sends names and
 * units. Both CI plugins print them as they come; the names and units a real OctoPerf sends are
 * UNCONFIRMED (the one sample is test data: `elapsedTime`, `s`). So a metric keeps the name and
 * unit it came with, and the few names we can guess are recognised into a {@link LiveMetricKind}
 * (what the live view charts); any other name is passed through as it is, never refused.
 */

/** What a live metric measures, when its name is one we recognise. */
export type LiveMetricKind = "users" | "responseTime" | "hitsRate" | "errorsRate" | "errorsPercent" | "throughput" | "elapsed";

export interface LiveMetric {
  /** As OctoPerf sent it. */
  readonly name: string;
  /** Null when OctoPerf sent no finite number. */
  readonly value: number | null;
  /** As OctoPerf sent it ("" when none). */
  readonly unit: string;
  /** Null for a name we do not recognise: shown with its own name and unit, never charted as something else. */
  readonly kind: LiveMetricKind | null;
}

/**
 * Names we recognise, compared without case and without separators ("user_load", "UserLoad" and
 * "user-load" are one). GUESSES: the plausible spellings of each, from the report metric ids
 * (USERLOAD, HITS_RATE, RESPONSE_TIME_AVG…) and OctoPerf's UI labels. A wrong guess only leaves a
 * metric unrecognised (listed, not charted): add its real name here once it is known.
 */
const KIND_OF_NAME: Readonly<Record<string, LiveMetricKind>> = {
  userload: "users",
  users: "users",
  vus: "users",
  virtualusers: "users",
  concurrentusers: "users",
  activeusers: "users",
  responsetime: "responseTime",
  responsetimeavg: "responseTime",
  avgresponsetime: "responseTime",
  averageresponsetime: "responseTime",
  hitsrate: "hitsRate",
  hitrate: "hitsRate",
  hitspersecond: "hitsRate",
  errorsrate: "errorsRate",
  errorrate: "errorsRate",
  errorspersecond: "errorsRate",
  errorspercent: "errorsPercent",
  errorpercent: "errorsPercent",
  errorspercentage: "errorsPercent",
  throughput: "throughput",
  throughputrate: "throughput",
  elapsedtime: "elapsed",
  elapsed: "elapsed",
};

/** "errors" and "hits" alone say what they count only through their unit. */
function kindByUnit(key: string, unit: string): LiveMetricKind | null {
  const perSecond = /\/\s*s(ec(ond)?)?$/i.test(unit);
  if (key === "errors") return unit.trim() === "%" ? "errorsPercent" : perSecond ? "errorsRate" : null;
  if (key === "hits") return perSecond ? "hitsRate" : null;
  return null;
}

export function liveMetricKind(name: string, unit: string): LiveMetricKind | null {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return KIND_OF_NAME[key] ?? kindByUnit(key, unit);
}

/** The one way to build a LiveMetric: the kind always agrees with the name and unit. */
export function liveMetric(name: string, value: number | null, unit: string): LiveMetric {
  return { name, value: value !== null && Number.isFinite(value) ? value : null, unit, kind: liveMetricKind(name, unit) };
}
