import type { MetricId, MetricUnavailability } from "../../domain/model/metrics.js";

/**
 * OctoPerf answers a summary request with one array in request order, so one metric it refuses
 * (USERLOAD is a monitor sample, HTTP_* exist only on pie and stacked charts: octoperf-api.md §6)
 * fails the whole request. This finds the refused metrics by bisection and keeps every other value.
 *
 * Bound: one request for the whole set, then each refused group of two or more is split in two
 * halves, each asked once. With n metrics of which k are refused that is at most
 * 1 + 2·k·⌈log₂ n⌉ requests (12 metrics, 1 refused: 9), and never more than
 * 1 + MAX_NARROWING_REQUESTS (17) whatever happens: past the budget, the metrics of a refused group
 * not yet tried alone are reported `unresolved` rather than asked again. Each server's refused
 * metrics are remembered (RefusedMetrics), so the narrowing is paid once per process.
 */
export const MAX_NARROWING_REQUESTS = 16;

/** A refusal of the request's content, as opposed to a failure of the request itself. */
export interface Refusal {
  readonly httpStatus: number;
  readonly serverMessage: string;
}

export interface NarrowedSummary {
  readonly values: ReadonlyMap<MetricId, number | null>;
  readonly unavailable: ReadonlyMap<MetricId, MetricUnavailability>;
  /** Requests sent, the first included. */
  readonly requests: number;
}

/**
 * @param ask sends one summary request (values aligned with `ids`); throws on any failure.
 * @param refusalOf the refusal an error stands for, or null when the error is not one (auth,
 *   not found, 5xx, timeout…): those are rethrown untouched, as before narrowing existed.
 */
export async function narrowSummary(
  ids: readonly MetricId[],
  ask: (ids: readonly MetricId[]) => Promise<readonly (number | null)[]>,
  refusalOf: (error: unknown) => Refusal | null,
  budget: number = MAX_NARROWING_REQUESTS,
): Promise<NarrowedSummary> {
  const values = new Map<MetricId, number | null>();
  const unavailable = new Map<MetricId, MetricUnavailability>();
  let requests = 0;
  let left = budget;
  let firstFailure: unknown;

  const visit = async (group: readonly MetricId[]): Promise<void> => {
    requests++;
    let answer: readonly (number | null)[];
    try {
      answer = await ask(group);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === null) throw error;
      firstFailure ??= error;
      if (group.length === 1) {
        unavailable.set(group[0]!, { cause: "refused", ...refusal });
        return;
      }
      if (left < 2) {
        for (const id of group) unavailable.set(id, { cause: "unresolved", ...refusal });
        return;
      }
      left -= 2;
      const middle = Math.ceil(group.length / 2);
      // One half after the other: narrowing is rare, and OctoPerf need not see a burst.
      await visit(group.slice(0, middle));
      await visit(group.slice(middle));
      return;
    }
    group.forEach((id, index) => values.set(id, answer[index] ?? null));
  };

  if (ids.length > 0) await visit(ids);
  // Every metric refused, each alone: the request itself is what OctoPerf refuses (a run it will
  // not summarise, a body it no longer reads), not some metrics. That stays the error it was.
  if (ids.length > 0 && values.size === 0) throw firstFailure;
  return { values, unavailable, requests };
}

/**
 * The metrics each OctoPerf server (by base URL) refused alone in a summary request, for the life
 * of the process: they are not asked for again, and answer "unavailable" at once. Only `refused`
 * ones are kept, and only from a narrowing where other metrics succeeded, so a passing refusal of
 * the whole request can never mark a metric unavailable for good.
 */
export class RefusedMetrics {
  readonly #byServer = new Map<string, Map<MetricId, MetricUnavailability>>();

  of(baseUrl: string): ReadonlyMap<MetricId, MetricUnavailability> {
    return this.#byServer.get(baseUrl) ?? new Map();
  }

  /** Returns the metrics that were not known as refused yet. */
  remember(baseUrl: string, unavailable: ReadonlyMap<MetricId, MetricUnavailability>): MetricId[] {
    let known = this.#byServer.get(baseUrl);
    const added: MetricId[] = [];
    for (const [id, why] of unavailable) {
      if (why.cause !== "refused") continue;
      known ??= new Map();
      if (!known.has(id)) added.push(id);
      known.set(id, why);
    }
    if (known !== undefined) this.#byServer.set(baseUrl, known);
    return added;
  }
}

/** One memory per process, shared by every adapter on the same server. */
export const REFUSED_METRICS = new RefusedMetrics();
