import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';

export type Scheme = 'light' | 'dark';

/** axe-core's critical and serious findings on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 4)
          .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`)
          .join(' | ')}`,
    );
}

/**
 * Screenshots the page and runs axe on it in the light and the dark scheme; returns what axe
 * found, labelled by scheme.
 */
export async function auditSchemes(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as Scheme[]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator(`html[data-mantine-color-scheme="${scheme}"]`).waitFor();
    // Let colour transitions settle before measuring contrast.
    await page.waitForTimeout(250);
    const width = page.viewportSize()?.width ?? 0;
    await screenshot(page, `${name}-${width}-${scheme}`);
    found.push(...(await seriousViolations(page)).map((v) => `[${scheme}] ${v}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
