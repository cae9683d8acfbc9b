// Number formatting and Markdown tables for bench/RESULTS.md.

export const NA = "n/a";

/** Microseconds with three significant digits, or "n/a". */
export function micros(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return NA;
  return (ns / 1000).toPrecision(3);
}

/** a / b to two decimals, or "n/a" when either side is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || !(b > 0)) return null;
  return a / b;
}

export function fixed(value: number | null, digits = 2, suffix = ""): string {
  return value === null || !Number.isFinite(value) ? NA : `${value.toFixed(digits)}${suffix}`;
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
