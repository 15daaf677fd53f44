// axe-core, run straight in the page: the WCAG 2.1 A and AA rules, violations only.
//
// @axe-core/playwright's analyze() spent 1.5–2 s a page on this project's CI machine on top of
// axe's own 0.3–0.5 s: it carries every passing node back (thousands for color-contrast) and,
// outside legacy mode, opens a second page to finish the run. Our pages have no frames, so the
// plain axe.run in the page is the same check at a quarter of the time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is now: the violations with their
 * elements, and the ids of the rules that passed (to prove axe really looked, e.g. at contrast).
 */
export async function checkWcag(page: Page): Promise<{ violations: Result[]; passes: { id: string }[] }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return { violations: results.violations, passes: results.passes.map((p) => ({ id: p.id })) };
  }, WCAG_21_AA);
}

/** One line per offending element: the rule, its impact and help, the element, what to fix. */
export const describeViolations = (violations: Result[]) =>
  violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  );
