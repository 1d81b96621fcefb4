import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page, Route } from 'playwright-core';
import { screenshot } from './browser.ts';

/**
 * axe-core in real Chromium: any WCAG 2.0/2.1/2.2 A or AA violation on a page, at a desktop and at a
 * 390 px phone width. Our pages' CSP allows no script, so axe is evaluated through the DevTools protocol,
 * which the page's CSP does not govern. Set PUENTE_SCREENSHOTS=<folder> to keep a screenshot of every
 * page audited, at both widths.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

export interface Violation {
  page: string;
  rule: string;
  impact: string | null;
  targets: string[];
}

/** Runs axe on the page as it is, at both widths; refreshes (meta refresh) are held while it runs. */
export async function audit(page: Page, name: string, found: Violation[]): Promise<void> {
  await page.waitForLoadState('load');
  const hold = (route: Route) =>
    route.request().isNavigationRequest() ? route.abort('aborted') : route.fallback();
  await page.route('**/*', hold);
  try {
    await page.evaluate(axeSource);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await screenshot(page, `a11y-${name}-${viewport.name}`);
      const violations = await page.evaluate(async (tags) => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                context: Document,
                options: unknown,
              ): Promise<{
                violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
              }>;
            };
          }
        ).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return result.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        }));
      }, TAGS);
      for (const violation of violations)
        found.push({
          page: `${name} (${viewport.name})`,
          rule: violation.id,
          impact: violation.impact,
          targets: violation.targets,
        });
    }
  } finally {
    await page.unroute('**/*', hold);
  }
}

export function report(found: Violation[]): string {
  return found
    .map(
      (violation) =>
        `${violation.page}: ${violation.rule} (${violation.impact}) ${violation.targets.join(', ')}`,
    )
    .join('\n');
}
