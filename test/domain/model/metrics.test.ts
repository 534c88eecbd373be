import { describe, expect, it } from "vitest";
import { formatMetricValue, isMetricId, METRIC_CATALOGUE, METRIC_IDS, metricValue, unavailableMetric } from "../../../src/domain/model/metrics.js";

// Verbatim from octoperf-api.md §11a (jmeter-java-dsl's ReportMetricId enum).
const DOCUMENTED_IDS = `ASSERTIONS_ERROR_TOTAL, ASSERTIONS_FAILURE_TOTAL, ASSERTIONS_SUCCESS_TOTAL
CONNECT_TIME_APDEX, CONNECT_TIME_AVG, CONNECT_TIME_MAX, CONNECT_TIME_MIN, CONNECT_TIME_STD, CONNECT_TIME_VAR
ERRORS_TOTAL, ERRORS_RATE, ERRORS_PERCENT, HITS_RATE, HITS_TOTAL, HITS_SUCCESSFUL_TOTAL, HITS_SUCCESSFUL_PERCENT
HTTP_MEDIA_TYPES, HTTP_MEDIA_TYPES_THROUGHPUT, HTTP_METHODS, HTTP_RESPONSE_CODES
LATENCY_APDEX, LATENCY_AVG, LATENCY_MAX, LATENCY_MIN, LATENCY_STD, LATENCY_VAR
MONITORING, NETWORK_TIME_AVG, NETWORK_TIME_MAX, NETWORK_TIME_MIN, NETWORK_TIME_VAR
RESPONSE_TIME_APDEX, RESPONSE_TIME_AVG, RESPONSE_TIME_MAX, RESPONSE_TIME_MEDIAN, RESPONSE_TIME_MIN, RESPONSE_TIME_PERCENTILE_80, RESPONSE_TIME_PERCENTILE_90, RESPONSE_TIME_PERCENTILE_95, RESPONSE_TIME_PERCENTILE_99, RESPONSE_TIME_STD, RESPONSE_TIME_VAR, RESPONSE_SIZE
SENT_BYTES_AVG, SENT_BYTES_MAX, SENT_BYTES_MIN, SENT_BYTES_RATE, SENT_BYTES_STD, SENT_BYTES_TOTAL
THROUGHPUT_RATE, THROUGHPUT_TOTAL, USERLOAD`
  .split(/[\s,]+/)
  .filter(Boolean);

describe("metric catalogue", () => {
  it("covers exactly the documented metric ids", () => {
    expect([...METRIC_IDS].sort()).toEqual([...DOCUMENTED_IDS].sort());
    expect(new Set(METRIC_IDS).size).toBe(METRIC_IDS.length);
  });

  it("gives every metric a label and a unit", () => {
    for (const definition of METRIC_CATALOGUE.values()) {
      expect(definition.label.length).toBeGreaterThan(3);
      expect(definition.unit.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ["RESPONSE_TIME_PERCENTILE_95", "ms", "lower-is-better"],
    ["ERRORS_PERCENT", "%", "lower-is-better"],
    ["HITS_RATE", "hits/s", "higher-is-better"],
    ["THROUGHPUT_RATE", "bytes/s", "higher-is-better"],
    ["THROUGHPUT_TOTAL", "bytes", "higher-is-better"],
    ["USERLOAD", "VUs", "neutral"],
    ["RESPONSE_TIME_APDEX", "apdex", "higher-is-better"],
  ])("%s is in %s, %s", (id, unit, direction) => {
    expect(METRIC_CATALOGUE.get(id as never)).toMatchObject({ unit, direction });
  });

  it("names values and drops non-finite numbers", () => {
    expect(metricValue("RESPONSE_TIME_PERCENTILE_95", 612.4)).toEqual({
      metricId: "RESPONSE_TIME_PERCENTILE_95",
      label: "Response time (95th percentile)",
      unit: "ms",
      value: 612.4,
    });
    expect(metricValue("HITS_TOTAL", Number.POSITIVE_INFINITY).value).toBeNull();
    expect(isMetricId("NOPE")).toBe(false);
  });

  it("renders values for people", () => {
    expect(formatMetricValue(metricValue("RESPONSE_TIME_PERCENTILE_95", 612.4))).toBe("Response time (95th percentile): 612 ms");
    expect(formatMetricValue(metricValue("ERRORS_PERCENT", 0.372))).toBe("Error percentage: 0.37%");
    expect(formatMetricValue(metricValue("HITS_TOTAL", 209988))).toBe("Hits: 209,988");
    expect(formatMetricValue(metricValue("HITS_TOTAL", null))).toBe("Hits: no value");
    // Why it is unavailable is a fact (metric.unavailable) for each edge to word.
    expect(formatMetricValue(unavailableMetric("USERLOAD", { cause: "refused", httpStatus: 400, serverMessage: "no" }))).toBe(
      "Concurrent virtual users: unavailable",
    );
  });
});
