import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebPage } from './build-web-page.ts';
import { startCoplayServer, type CoplayServer } from './coplay-server.ts';
import { launchChromium } from './launch-chromium.ts';

/**
 * The page in a real browser against the real server: `coplay start` on a fresh SQLite file (import + train),
 * the built page, Debian's Chromium. The tests run in order and share one page, like one visit.
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(REPO_ROOT, 'test-results/e2e');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface FeedbackRow {
  id: number;
  appid: number;
  kind: string;
  member_keys: string;
  model_version: string | null;
  undone_at: string | null;
}

let workDir: string;
let server: CoplayServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/** Waits until the results show the answer for the current group and filters. */
async function resultsSettled(target: Page, attributes: Record<string, string>): Promise<void> {
  const selector = Object.entries(attributes)
    .map(([name, value]) => `[data-${name}="${value}"]`)
    .join('');
  await target
    .locator(`[data-testid="results"]${selector}:is([data-state="ready"], [data-state="empty"])`)
    .waitFor({
      timeout: 60_000,
    });
}

function readFeedback(databasePath: string): FeedbackRow[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        'SELECT id, appid, kind, member_keys, model_version, undone_at FROM feedback_events ORDER BY id',
      )
      .all() as FeedbackRow[];
  } finally {
    db.close();
  }
}

async function memberRefs(target: Page): Promise<(string | null)[]> {
  return target
    .getByTestId('member')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member-ref')));
}

async function cardAppids(target: Page): Promise<(string | null)[]> {
  return target
    .getByTestId('game-card')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-appid')));
}

describe('the web page in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'coplay-e2e-'));
    await buildWebPage();
    server = await startCoplayServer(workDir);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    // Sums layout shifts not caused by the user's own input (Chromium's Cumulative Layout Shift).
    await context.addInitScript(`
      window.__layoutShift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    `);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    // Keep the server log next to the screenshots when something failed.
    if (server) copyFileSync(server.logPath, join(ARTIFACTS, 'server.log'));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('recommends for three sample players, with a fit row per member on every card', async () => {
    await page.goto(server.baseUrl);
    await expect(page.title()).resolves.toContain('Coplay');
    const addButtons = page.getByRole('button', { name: /^Add Player / });
    await addButtons.first().waitFor();
    for (let i = 0; i < 3; i++) await addButtons.first().click();
    await expect(memberRefs(page)).resolves.toHaveLength(3);

    await resultsSettled(page, { members: '3', ownership: 'any' });
    const cards = page.getByTestId('game-card');
    expect(await cards.count()).toBeGreaterThan(0);
    for (const card of await cards.all()) {
      await expect(card.getByTestId('fit-row').count()).resolves.toBe(3);
      await expect(card.getByRole('meter').count()).resolves.toBe(3);
    }
    // Skeletons hold the results' place: what arrives does not push the page around ("good" CLS is < 0.1).
    expect((await page.evaluate('window.__layoutShift')) as number).toBeLessThan(0.1);
    // The capsule images cannot load here: the placeholder keeps the box.
    await page.getByTestId('capsule').first().locator('.capsule-placeholder').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'results-desktop.png') });
    // The README's screenshot is refreshed on request only, so a test run leaves the work tree unchanged.
    if (process.env.UPDATE_SCREENSHOT === '1') {
      copyFileSync(join(ARTIFACTS, 'results-desktop.png'), join(REPO_ROOT, 'docs/screenshot-results.png'));
    }
  });

  it('shows only games nobody in the group owns under Discover', async () => {
    await page.getByRole('radio', { name: /^Discover/ }).check();
    await resultsSettled(page, { members: '3', ownership: 'none' });
    const rows = page.getByTestId('fit-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    const owns = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-owns')));
    expect(new Set(owns)).toEqual(new Set(['false']));
    expect(page.url()).toContain('own=none');
  });

  it('stores feedback in the database and undoes it', async () => {
    const card = page.getByTestId('game-card').first();
    const appid = Number(await card.getAttribute('data-appid'));
    const modelVersion = (await page.locator('.results-meta .mono').textContent())?.trim();
    const refs = await memberRefs(page);

    const liked = card.getByRole('button', { name: /Liked/ });
    await liked.click();
    await expect.poll(() => liked.getAttribute('aria-pressed')).toBe('true');
    await card.getByText('Recorded: you liked it.').waitFor();
    const stored = readFeedback(server.databasePath);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ appid, kind: 'liked', model_version: modelVersion, undone_at: null });
    expect(JSON.parse(stored[0]?.member_keys ?? '[]')).toEqual([...refs].sort());

    await card.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => liked.getAttribute('aria-pressed')).toBe('false');
    expect(readFeedback(server.databasePath)[0]?.undone_at).not.toBeNull();
  });

  it('reproduces the same group and filters from the shared URL in a new page', async () => {
    const refs = await memberRefs(page);
    const appids = await cardAppids(page);
    const shared = await context.newPage();
    shared.on('pageerror', (error) => pageErrors.push(error.message));
    await shared.goto(page.url());
    await resultsSettled(shared, { members: '3', ownership: 'none' });
    await expect(memberRefs(shared)).resolves.toEqual(refs);
    await expect(shared.getByRole('radio', { name: /^Discover/ }).isChecked()).resolves.toBe(true);
    await expect(cardAppids(shared)).resolves.toEqual(appids);
    await shared.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const mobile = await phone.newPage();
    mobile.on('pageerror', (error) => pageErrors.push(error.message));
    await mobile.goto(page.url().replace('own=none', 'own=any'));
    await resultsSettled(mobile, { members: '3', ownership: 'any' });
    // A string, not a function: this project's tsconfig has no DOM types.
    const overflow = (await mobile.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await mobile.screenshot({ path: join(ARTIFACTS, 'group-phone.png') });
    await mobile.evaluate("document.getElementById('results').scrollIntoView({ block: 'start' })");
    await mobile.screenshot({ path: join(ARTIFACTS, 'results-phone.png') });
    await phone.close();
  });

  it('serves the page for page paths while unknown API paths stay JSON 404s', async () => {
    const pagePath = await fetch(`${server.baseUrl}/groups/friday?m=sample:1`);
    expect(pagePath.status).toBe(200);
    expect(pagePath.headers.get('content-type')).toContain('text/html');
    expect(await pagePath.text()).toContain('<div id="root">');
    const unknownApi = await fetch(`${server.baseUrl}/api/v1/nothing-here`);
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ code: 'NOT_FOUND' });
    const missingAsset = await fetch(`${server.baseUrl}/assets/missing.js`);
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).toContain('application/json');
    await expect((await fetch(`${server.baseUrl}/healthz`)).json()).resolves.toEqual({ status: 'ok' });
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
