/**
 * How wide a text is in DejaVu Sans, the font the chart is drawn with. Vega measures text with a
 * canvas in a browser; on Node, without one, it guesses 0.8 em per character, a third too wide
 * for this font, which truncates legend labels and pads the picture. These are the font's own
 * advance widths (thousandths of an em, for U+0020..U+007E, read from the TTF we ship).
 */
const REGULAR =
  "318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838";
const BOLD =
  "348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838";
const table = (csv: string) => csv.split(",").map(Number);
const WIDTHS = { regular: table(REGULAR), bold: table(BOLD) };
/** The few non-ASCII characters the chart writes (·, ▲, ▼, ±, →, µ, ², …). */
const OTHERS: Record<string, number> = { "·": 318, "▲": 769, "▼": 769, "±": 838, "→": 838, "–": 500, "—": 1000, µ: 636, "²": 401, "…": 1000 };
const UNKNOWN = 700;

export function textWidth(text: string, fontSize: number, bold = false): number {
  const widths = bold ? WIDTHS.bold : WIDTHS.regular;
  let total = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    total += code >= 32 && code <= 126 ? widths[code - 32]! : (OTHERS[char] ?? UNKNOWN);
  }
  return (total / 1000) * fontSize;
}
