import type { ChartFormat, RenderedChart, TrendData } from "../domain/model/trend.js";

/**
 * Draws a trend. Presentation, so it lives behind a port: the domain decides what moved, an
 * adapter (Vega + resvg, loaded only when a chart is asked for) decides how it looks.
 */
export interface TrendChartPort {
  render(trend: TrendData, format: ChartFormat): Promise<RenderedChart>;
}

export const TREND_CHART: unique symbol = Symbol("TrendChartPort");
