/**
 * The metrics' charts: Observable Plot drawn on the server into a linkedom document, sent as
 * SVG inside the page (no client script). One kind of chart — horizontal bars, one row per
 * municipality or category, each bar labelled with its value — so that a chart of 20+
 * municipalities grows in height, not in width, and fits a 390 px phone (viewBox, width 100 %).
 *
 * Never colour alone: every bar carries its value as text, a hidden cell is drawn as no bar
 * with its mark ("<5", "..") as text, and a target or the region's value is a dashed line with
 * its label. The SVG is role="img" with the summary sentence as its aria-label; the table
 * beside it carries the same cells. The page's Content-Security-Policy allows no inline style,
 * so Plot's <style> element and generated class are removed: metrics.css styles the charts.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Lang } from '../../i18n/index.ts';
import type { SuppressionRules } from '../../platform/suppression.ts';
import { cellText, type Figure, formatter } from './figures.ts';

/** The chart's drawing width (the viewBox): scaled to the column, whatever the screen. */
const WIDTH = 360;
const ROW = 26;
/** the longest label drawn in full; the table beside the chart has every label whole */
const LABEL_CHARS = 26;

interface Bar {
  label: string;
  /** the drawn value; null: hidden, no bar */
  value: number | null;
  text: string;
}

const truncate = (label: string) =>
  label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1).trimEnd()}…` : label;

/** A figure's SVG, or null when it has no chart (a figure of mixed units). */
export function figureChart(
  figure: Figure,
  lang: Lang,
  rules: SuppressionRules,
  ariaLabel: string,
): string | null {
  if (figure.chart === 'none' || figure.rows.length === 0) return null;
  const bars: Bar[] = figure.rows.map((r) => {
    const unit = r.unit ?? figure.unit;
    return {
      label: r.label,
      value: r.value.shown ? r.value.value : null,
      text: cellText(lang, unit, r.value, rules),
    };
  });
  if (figure.chart === 'sorted')
    bars.sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.label.localeCompare(b.label, lang));
  const line = figure.line ? { value: figure.line.value, label: figure.line.label } : undefined;
  // the same figures draw the same chart: a drawn chart is kept until its figures change (they
  // change at a refresh), so a page view draws only what is new (about 5 ms a chart)
  const key = JSON.stringify([bars, figure.unit, line, ariaLabel, lang]);
  const drawn = CHARTS.get(key);
  if (drawn !== undefined) {
    CHARTS.delete(key);
    CHARTS.set(key, drawn);
    return drawn;
  }
  const svg = barChart(bars, {
    percent: figure.unit === 'percent',
    line,
    ariaLabel,
    lang,
    format: formatter(lang, figure.unit),
    tickFormat: figure.unit === 'ratio' ? formatter(lang, 'ratio') : formatter(lang, 'count'),
  });
  CHARTS.set(key, svg);
  if (CHARTS.size > CHART_CACHE_SIZE) CHARTS.delete(CHARTS.keys().next().value as string);
  return svg;
}

/** Drawn charts by what they draw, the least recently used first out. */
const CHARTS = new Map<string, string>();
const CHART_CACHE_SIZE = 600;

/** Unique labels for the y axis (two municipalities never share a name, but be safe). */
function uniqueLabels(bars: Bar[]): string[] {
  const seen = new Map<string, number>();
  return bars.map((b) => {
    const base = truncate(b.label);
    const times = seen.get(base) ?? 0;
    seen.set(base, times + 1);
    return times === 0 ? base : `${base} (${times + 1})`;
  });
}

export function barChart(
  input: Bar[],
  options: {
    percent: boolean;
    line?: { value: number; label: string };
    ariaLabel: string;
    lang: Lang;
    format: (value: number) => string;
    /** the axis' numbers (whole ones for counts and rates per 1,000) */
    tickFormat: (value: number) => string;
  },
): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const labels = uniqueLabels(input);
  const data = input.map((b, i) => ({ ...b, y: labels[i] as string, x: b.value ?? 0 }));
  const longest = Math.max(4, ...labels.map((l) => l.length));
  const marginLeft = Math.min(190, Math.max(60, Math.round(longest * 6.4) + 10));
  const max = Math.max(options.line?.value ?? 0, ...data.map((d) => d.x), options.percent ? 1 : 1);
  // room for the value after the longest bar; a chart of zeros and small counts still has an axis
  const domainMax = options.percent ? 1 : Math.max(max * 1.2, 5);
  const marginTop = options.line ? 26 : 8;
  const height = marginTop + data.length * ROW + 30;
  const marks: Plot.Markish[] = [
    Plot.barX(
      data.filter((d) => d.value !== null && d.value > 0),
      { x: 'x', y: 'y', fill: '#2a6ebb', insetTop: 3, insetBottom: 3 },
    ),
    Plot.ruleX([0]),
    // the value after each bar; a hidden cell's mark where its bar would start
    Plot.text(data, {
      x: 'x',
      y: 'y',
      text: 'text',
      textAnchor: 'start',
      dx: 4,
      fill: 'currentColor',
      fontWeight: 600,
      // a halo, so a value stays readable where it crosses the target line
      stroke: 'white',
      strokeWidth: 3,
    }),
  ];
  if (options.line) {
    const line = options.line;
    marks.push(
      Plot.ruleX([line.value], { strokeDasharray: '5 3', stroke: 'currentColor', strokeWidth: 1.5 }),
      Plot.text([line.value], {
        x: (v: number) => v,
        frameAnchor: 'top',
        dy: -marginTop + 4,
        text: () => line.label,
        textAnchor: line.value > domainMax * 0.6 ? 'end' : 'start',
        dx: line.value > domainMax * 0.6 ? -4 : 4,
        fill: 'currentColor',
        stroke: 'white',
        strokeWidth: 3,
      }),
    );
  }
  const svg = Plot.plot({
    document,
    width: WIDTH,
    height,
    marginLeft,
    marginRight: 44,
    marginTop,
    marginBottom: 30,
    x: {
      domain: [0, domainMax],
      label: null,
      ticks: 4,
      tickFormat: options.percent ? options.format : options.tickFormat,
      grid: true,
    },
    y: { domain: data.map((d) => d.y), label: null, tickSize: 0 },
    marks,
  }) as unknown as SVGSVGElement;
  return cleanSvg(svg, options.ariaLabel);
}

/**
 * The SVG as the page may send it: no inline style or generated class (the CSP forbids inline
 * style; metrics.css draws it), no inner labels (the whole chart is one image with the
 * summary as its name), sized by its viewBox.
 */
function cleanSvg(svg: SVGSVGElement, ariaLabel: string): string {
  for (const style of [...svg.querySelectorAll('style')]) style.remove();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    el.removeAttribute('class');
    el.removeAttribute('style');
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-hidden');
    el.removeAttribute('aria-description');
  }
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.removeAttribute('font-family');
  svg.removeAttribute('font-size');
  svg.setAttribute('class', 'metrics-svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', ariaLabel);
  svg.setAttribute('focusable', 'false');
  return svg.outerHTML;
}
