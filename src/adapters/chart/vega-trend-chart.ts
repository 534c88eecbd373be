import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ChartFormat, RenderedChart, TrendData } from "../../domain/model/trend.js";
import type { TrendChartPort } from "../../ports/trend-chart-port.js";
import { textWidth } from "./text-width.js";
import { CHART_FONT_FAMILY, trendChartSpec } from "./trend-chart-spec.js";

export interface TrendChartOptions {
  readonly format?: ChartFormat;
}

/**
 * The font the chart is drawn with, shipped in the package's fonts/ folder (DejaVu Sans, regular
 * and bold, with their licence): resvg draws no text without a font, and a slim container or CI
 * image may have none installed. Using it alone (no system fonts) also makes the picture the same
 * on every machine. The package root is found by resolving the package's own name (self-reference
 * through its "exports"; an adapter may not import src/app's PACKAGE_NAME), the one path that is
 * the same from src/, dist/ and the bundled bin.
 */
function fontFiles(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve("octoperf-mcp/package.json"));
  return [join(root, "fonts", "DejaVuSans.ttf"), join(root, "fonts", "DejaVuSans-Bold.ttf")];
}

/**
 * Draws a trend as PNG (default) or SVG: Vega renders the spec to SVG with no canvas, resvg turns
 * the SVG into PNG. The two are imported here, when a chart is asked for, so neither the server's
 * start nor its bundle carries them.
 */
export async function renderTrendChart(trend: TrendData, options: TrendChartOptions = {}): Promise<RenderedChart> {
  const format = options.format ?? "png";
  const vega = await import("vega");
  measureTextInChartFont(vega);
  // Vega's warnings would go to stderr as bare lines, where the server writes JSON lines only.
  const view = new vega.View(vega.parse(trendChartSpec(trend)), { renderer: "none", logLevel: vega.Error });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const size = svgSize(svg);
  if (format === "svg") return { format, mimeType: "image/svg+xml", data: svg, widthPx: size.width, heightPx: size.height };

  const { Resvg } = await import("@resvg/resvg-js");
  const rendered = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "original" },
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  }).render();
  const png = rendered.asPng();
  return {
    format,
    mimeType: "image/png",
    data: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    widthPx: rendered.width,
    heightPx: rendered.height,
  };
}

interface TextItem {
  readonly text?: unknown;
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
}

/**
 * Vega's documented hook for text measurement without a canvas (vl-convert uses it too): the
 * widths of the font resvg will draw with, so labels fit and the layout is as wide as it looks.
 */
function measureTextInChartFont(vega: typeof import("vega")): void {
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const value = text ?? item.text;
    const line = Array.isArray(value) ? value.join(" ") : typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
    const bold = item.fontWeight === "bold" || (typeof item.fontWeight === "number" && item.fontWeight >= 600);
    return textWidth(line, item.fontSize ?? 11, bold);
  };
}

function svgSize(svg: string): { width: number; height: number } {
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
  const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1]);
  return { width: Math.round(width), height: Math.round(height) };
}

/**
 * The chart port over renderTrendChart. A chart takes a few hundred milliseconds of CPU and no
 * I/O, so there is nothing to abort half-way: the use case checks cancellation before drawing.
 */
export class VegaTrendChart implements TrendChartPort {
  render(trend: TrendData, format: ChartFormat): Promise<RenderedChart> {
    return renderTrendChart(trend, { format });
  }
}
