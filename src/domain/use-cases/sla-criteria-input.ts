import * as z from "zod";
import { SLA_OPERATORS } from "../model/sla.js";
import { MetricIdsInput } from "./metric-ids-input.js";

/** SLA criteria as callers write them; the metric id gets the same forgiving check as everywhere. */
export const SlaCriteriaInput = z
  .array(
    z.object({
      metricId: z.string({ error: "metricId must be a string" }).describe("e.g. RESPONSE_TIME_PERCENTILE_95"),
      operator: z.enum(SLA_OPERATORS, { error: 'operator must be one of "<", "<=", ">", ">="' }),
      threshold: z
        .number({ error: "threshold must be a number" })
        .refine(Number.isFinite, { error: "threshold must be a finite number" })
        .describe("In the metric's unit: ms, % as 0..100, /s"),
    }),
    { error: "criteria must be a list of { metricId, operator, threshold }" },
  )
  .min(1, { error: "give at least one criterion, or omit criteria for the defaults" })
  .max(50, { error: "at most 50 criteria" })
  .transform((criteria, ctx) => {
    const ids = MetricIdsInput.safeParse(criteria.map((c) => c.metricId));
    if (!ids.success) {
      for (const issue of ids.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    }
    return criteria.map((c) => ({ ...c, metricId: c.metricId.trim().toUpperCase() as (typeof ids.data)[number] }));
  });
