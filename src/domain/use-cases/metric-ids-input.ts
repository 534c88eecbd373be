import { previewValue } from "../model/ids.js";
import * as z from "zod";
import { isMetricId, METRIC_IDS, type MetricId } from "../model/metrics.js";

/** Room for every id twice (a caller may repeat some), never an unbounded list. */
const MAX_METRIC_IDS = METRIC_IDS.length * 2;

/**
 * A list of metric ids as a caller writes it: case and surrounding spaces are forgiven,
 * duplicates are dropped, unknown ids are refused with the list of what exists.
 */
export const MetricIdsInput = z
  .array(z.string({ error: "each metric id must be a string" }).max(64, { error: "a metric id is at most 64 characters" }), {
    error: "metricIds must be an array of metric ids",
  })
  .min(1, { error: "give at least one metric id, e.g. RESPONSE_TIME_PERCENTILE_95" })
  .max(MAX_METRIC_IDS, {
    error: `metricIds takes at most ${MAX_METRIC_IDS} entries (there are ${METRIC_IDS.length} distinct metric ids; duplicates are merged)`,
  })
  .transform((ids, ctx): MetricId[] => {
    const normalized = ids.map((id) => id.trim().toUpperCase());
    const unknown = normalized.filter((id) => !isMetricId(id));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        message:
          `unknown metric id ${unknown.map(previewValue).join(", ")}; ` +
          `known ids include RESPONSE_TIME_PERCENTILE_95, ERRORS_PERCENT, HITS_RATE (all ${METRIC_IDS.length} in the octoperf://metrics resource)`,
      });
      return z.NEVER;
    }
    return [...new Set(normalized as MetricId[])];
  });
