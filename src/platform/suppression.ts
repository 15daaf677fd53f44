/**
 * Small-count protection for every published figure (the shared metrics, survey results and
 * their CSV): ../shared/design/METRICS.md "Rules".
 *
 * - Primary: a count of 1 … minCount−1 shows as "<5"; so does a rate whose numerator or
 *   denominator is 1 … minCount−1. Zero is shown (an empty cell reveals nobody).
 * - No percentage when the denominator is under minDenominator (20).
 * - Secondary, in each breakdown whose total is published: while a hidden cell could be
 *   recovered from the total minus the visible cells (one cell hidden, or the hidden cells
 *   together fewer than minCount), the next smallest visible non-zero cell is hidden too. When
 *   no cell is left to hide, the total is hidden.
 *
 * A figure is a `Shown`: the value, or why it is not shown. Pages, charts and CSV format a
 * `Shown` with `shownText`, so the same marker appears everywhere ("<5", or "..").
 */

export interface SuppressionRules {
  /** counts under this (and above 0) are hidden: the product default 5, configurable 3 … 10 */
  minCount: number;
  /** no percentage under this denominator: 20 */
  minDenominator: number;
}

export const DEFAULT_SUPPRESSION: SuppressionRules = { minCount: 5, minDenominator: 20 };

/** Why a figure is not shown. */
export type HiddenReason =
  /** a count (or a rate's numerator or denominator) of 1 … minCount−1 */
  | 'small'
  /** hidden so that another hidden cell cannot be recovered from the total */
  | 'secondary'
  /** a rate whose denominator is under minDenominator */
  | 'denominator';

export type Shown = { shown: true; value: number } | { shown: false; reason: HiddenReason };

const visible = (value: number): Shown => ({ shown: true, value });
const hidden = (reason: HiddenReason): Shown => ({ shown: false, reason });

function isSmall(n: number, rules: SuppressionRules): boolean {
  return n > 0 && n < rules.minCount;
}

/** A count on its own (a figure with no breakdown, or a total). */
export function countCell(n: number, rules: SuppressionRules = DEFAULT_SUPPRESSION): Shown {
  return isSmall(n, rules) ? hidden('small') : visible(n);
}

/** A share numerator ÷ denominator (0 … 1), or why it is not shown. */
export function rateCell(
  numerator: number,
  denominator: number,
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): Shown {
  if (isSmall(numerator, rules) || isSmall(denominator, rules)) return hidden('small');
  if (denominator < rules.minDenominator) return hidden('denominator');
  return visible(numerator / denominator);
}

/**
 * A count breakdown whose total is published: primary and secondary suppression. Returns the
 * cells in the given order and the total (hidden only when nothing else protects a cell).
 */
export function suppressCounts<K>(
  cells: readonly { key: K; count: number }[],
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): { cells: { key: K; count: Shown }[]; total: Shown } {
  const hiddenReason: (HiddenReason | null)[] = cells.map((c) => (isSmall(c.count, rules) ? 'small' : null));
  const total = cells.reduce((sum, c) => sum + c.count, 0);
  const hiddenCount = () => hiddenReason.filter((r) => r !== null).length;
  const hiddenSum = () => cells.reduce((sum, c, i) => sum + (hiddenReason[i] ? c.count : 0), 0);
  // a lone hidden cell, or hidden cells that together are small, can be recovered from the total
  const recoverable = () => hiddenCount() > 0 && (hiddenCount() === 1 || isSmall(hiddenSum(), rules));
  let totalHidden = false;
  while (recoverable()) {
    let next = -1;
    cells.forEach((c, i) => {
      if (hiddenReason[i] === null && c.count > 0 && (next < 0 || c.count < (cells[next]?.count ?? 0)))
        next = i;
    });
    if (next < 0) {
      totalHidden = true;
      break;
    }
    hiddenReason[next] = 'secondary';
  }
  return {
    cells: cells.map((c, i) => {
      const reason = hiddenReason[i];
      return { key: c.key, count: reason ? hidden(reason) : visible(c.count) };
    }),
    // a small total reads "<5" (it is small itself); a larger one withheld reads ".."
    total: isSmall(total, rules) ? hidden('small') : totalHidden ? hidden('secondary') : visible(total),
  };
}

/**
 * A rate breakdown (e.g. the share answered within the promise, by municipality) whose total
 * rate is published: numerators and denominators are each protected as a count breakdown, and
 * a cell's rate is shown only when both of its counts are and the denominator is large enough.
 */
export function suppressRates<K>(
  cells: readonly { key: K; numerator: number; denominator: number }[],
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): {
  cells: { key: K; numerator: Shown; denominator: Shown; rate: Shown }[];
  total: { numerator: Shown; denominator: Shown; rate: Shown };
} {
  const numerators = suppressCounts(
    cells.map((c) => ({ key: c.key, count: c.numerator })),
    rules,
  );
  const denominators = suppressCounts(
    cells.map((c) => ({ key: c.key, count: c.denominator })),
    rules,
  );
  const rateOf = (num: Shown, den: Shown, n: number, d: number): Shown => {
    if (!num.shown) return hidden(num.reason);
    if (!den.shown) return hidden(den.reason);
    return rateCell(n, d, rules);
  };
  const totalNumerator = cells.reduce((sum, c) => sum + c.numerator, 0);
  const totalDenominator = cells.reduce((sum, c) => sum + c.denominator, 0);
  return {
    cells: cells.map((c, i) => {
      const numerator = numerators.cells[i]?.count ?? hidden('secondary');
      const denominator = denominators.cells[i]?.count ?? hidden('secondary');
      return {
        key: c.key,
        numerator,
        denominator,
        rate: rateOf(numerator, denominator, c.numerator, c.denominator),
      };
    }),
    total: {
      numerator: numerators.total,
      denominator: denominators.total,
      rate: rateOf(numerators.total, denominators.total, totalNumerator, totalDenominator),
    },
  };
}

/**
 * How a figure reads: the value formatted; "<5" for a small one; ".." (Statistics Finland's mark
 * for a figure withheld) for a cell hidden to protect another or a rate of too few. A
 * secondary cell is not small, so it never reads "<5". Pages explain both marks in a legend.
 */
export function shownText(
  figure: Shown,
  format: (value: number) => string,
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): string {
  if (figure.shown) return format(figure.value);
  return figure.reason === 'small' ? `<${rules.minCount}` : '..';
}
