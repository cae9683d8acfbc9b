// bench/ratios.svg, written by hand (no plotting dependency): one panel per ratio, a bar per
// operation and runtime, a dashed line at 1.0 (the break-even of every ratio).

import { fixed } from "./format.ts";

export interface Panel {
  readonly title: string;
  /** Row labels (operations). */
  readonly rows: readonly string[];
  /** One series per runtime: a value per row, null = n/a. */
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}

const COLORS = ["#2f6fb3", "#d9822b", "#3a9d5d", "#a63d40"];
const LABEL_W = 170, BAR_W = 420, BAR_H = 11, ROW_GAP = 6, TITLE_H = 28, PAD = 16;

const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function panelSvg(panel: Panel, top: number): { svg: string; height: number } {
  const values = panel.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1.2, ...values) * 1.08;
  const x = (v: number): number => LABEL_W + (v / max) * BAR_W;
  const rowH = panel.series.length * BAR_H + ROW_GAP;
  const parts = [`<text x="${PAD}" y="${top + 18}" font-weight="bold">${escape(panel.title)}</text>`];
  panel.rows.forEach((row, r) => {
    const y0 = top + TITLE_H + r * rowH;
    parts.push(`<text x="${LABEL_W - 6}" y="${y0 + rowH / 2 + 2}" text-anchor="end">${escape(row)}</text>`);
    panel.series.forEach((series, s) => {
      const value = series.values[r] ?? null;
      const y = y0 + s * BAR_H;
      if (value === null) {
        parts.push(`<text x="${LABEL_W + 4}" y="${y + BAR_H - 2}" fill="#888">n/a</text>`);
        return;
      }
      const color = COLORS[s % COLORS.length];
      parts.push(
        `<rect x="${LABEL_W}" y="${y}" width="${(x(value) - LABEL_W).toFixed(1)}" height="${
          BAR_H - 1
        }" fill="${color}"/>`,
        `<text x="${(x(value) + 4).toFixed(1)}" y="${y + BAR_H - 2}">${fixed(value)}</text>`,
      );
    });
  });
  const bottom = top + TITLE_H + panel.rows.length * rowH;
  parts.push(
    `<line x1="${x(1).toFixed(1)}" y1="${top + TITLE_H - 4}" x2="${x(1).toFixed(1)}" y2="${bottom}" ` +
      `stroke="#444" stroke-dasharray="4 3"/>`,
  );
  return { svg: parts.join("\n"), height: bottom - top + PAD };
}

export function ratiosSvg(panels: readonly Panel[]): string {
  const names = panels[0]?.series.map((s) => s.name) ?? [];
  const legend = names.map((name, i) =>
    `<rect x="${PAD + i * 200}" y="${PAD}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>` +
    `<text x="${PAD + i * 200 + 18}" y="${PAD + 11}">${escape(name)}</text>`
  );
  let top = PAD + 24;
  const bodies: string[] = [];
  for (const panel of panels) {
    const { svg, height } = panelSvg(panel, top);
    bodies.push(svg);
    top += height;
  }
  const width = LABEL_W + BAR_W + 80;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top}" viewBox="0 0 ${width} ${top}" ` +
    `font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...legend,
    ...bodies,
    `</svg>`,
    "",
  ].join("\n");
}
