// Driving the n8n 2.41 editor with playwright-core and Debian's chromium.
// Selectors are n8n's own `data-test-id` attributes (the ones n8n's Playwright
// suite uses) plus the ARIA roles of its element-plus selects and switches:
//   node creator  canvas-add-button, node-creator, node-creator-search-bar,
//                 node-creator-node-item, node-creator-item-name, node-creator-no-results,
//                 canvas-handle-plus (the "+" on a node's output)
//   NDV           ndv, node-parameters, parameter-item, input-label,
//                 parameter-input-<name>, node-credentials-select, ndv-close-button
//                 (collections' "Add Option": collection-parameter-add, see options.ts)
//   selects       input[role=combobox] whose aria-controls names its listbox;
//                 options are [role=option] with the label in .option-headline
//   switches      input[role=switch] (aria-checked) inside parameter-input-<name>
import { chromium, selectors, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { delay, env, fs, path } from '../support/host';
import { armTimer, msUntilShown, PANEL_READY } from './timing';

export const CHROMIUM = env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The DOM members the functions below use inside the page (they run in the browser; this
 * TypeScript is compiled without the DOM library).
 */
interface PageElement {
	offsetParent: unknown;
	parentElement: PageElement | null;
	scrollTop: number;
	textContent: string | null;
	querySelector(selector: string): PageElement | null;
	querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
	closest(selector: string): PageElement | null;
	cloneNode(deep: boolean): PageElement;
	remove(): void;
}

let testIdSet = false;

export interface Session {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** requests the page tried to send off this machine (aborted) */
	blocked: string[];
	/** console errors and uncaught page errors */
	errors: string[];
	close(): Promise<void>;
}

/**
 * Debian's chromium, headless. chromium.launch() gives the browser a fresh profile
 * (user data dir) in a temp folder and removes it on close. Everything not
 * addressed to the editor is aborted, so the test behaves the same on an offline
 * machine and never phones home.
 */
export async function openBrowser(origin: string): Promise<Session> {
	if (!testIdSet) {
		selectors.setTestIdAttribute('data-test-id');
		testIdSet = true;
	}
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
		],
		timeout: 60_000,
	});
	// tall enough for a whole model's panel in one screenshot
	const context = await browser.newContext({ viewport: { width: 1440, height: 1600 } });
	const blocked: string[] = [];
	const errors: string[] = [];
	await context.route(
		(url) => url.origin !== origin,
		(route) => {
			blocked.push(route.request().url());
			return route.abort('internetdisconnected');
		},
	);
	const page = await context.newPage();
	page.setDefaultTimeout(20_000);
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
	let closed = false;
	return {
		browser,
		context,
		page,
		blocked,
		errors,
		async close() {
			if (closed) return;
			closed = true;
			await browser.close().catch(() => {});
		},
	};
}

/** The sign-in form, as a user fills it in. */
export async function signIn(page: Page, url: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${url}/signin`);
	// The first page load fetches the whole editor bundle: slow on a busy 2-core machine.
	const email = page.getByTestId('emailOrLdapLoginId').locator('input');
	await email.waitFor({ timeout: 90_000 });
	await email.fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

export interface AddedNode {
	/** whether "EvoLink" came up when searching the "What happens next?" panel itself */
	foundInMainSearch: boolean;
	/** what that panel listed for the search (for the failure message) */
	mainSearchResult: string;
	/** ms from the click on "Generate a video" to the rendered panel (Prompt … Wait Options) */
	openMs: number;
}

/**
 * New workflow → "Add first step" → Trigger manually → "+" on its output →
 * search "EvoLink" → EvoLink → action "Generate a video". The NDV then opens.
 *
 * n8n 2.41 leaves nodes in the codex category "AI" out of that panel's search
 * unless their AI subcategories include "Root Nodes"; when EvoLink is missing
 * there, it is added through the panel's "AI" category (search there lists it
 * under "Results in other categories"), and the caller asserts on
 * foundInMainSearch.
 */
export async function addEvoLinkGenerateVideo(page: Page, url: string): Promise<AddedNode> {
	await page.goto(`${url}/workflow/new`);
	const creator = page.getByTestId('node-creator');
	await page.getByTestId('canvas-add-button').click();
	await creator.getByTestId('node-creator-node-item').filter({ hasText: 'Trigger manually' }).click();
	await page.getByTestId('canvas-node').first().waitFor();

	await page.getByTestId('canvas-handle-plus').first().click();
	await creator.getByTestId('nodes-list-header').filter({ hasText: 'What happens next?' }).waitFor();
	const evoLink = creator.getByTestId('node-creator-item-name').getByText('EvoLink', { exact: true });
	const noResults = creator.getByTestId('node-creator-no-results');
	await search(page, 'EvoLink');
	await evoLink.or(noResults).first().waitFor();
	const foundInMainSearch = await evoLink.isVisible();
	const mainSearchResult = (await creator.innerText()).replace(/\s*\n\s*/g, ' | ');

	if (!foundInMainSearch) {
		await search(page, '');
		await creator.getByTestId('node-creator-item-name').getByText('AI', { exact: true }).click();
		await creator.getByTestId('nodes-list-header').filter({ hasText: 'AI Nodes' }).waitFor();
		await search(page, 'EvoLink');
	}
	await evoLink.click();
	const action = creator.getByTestId('node-creator-item-name').getByText('Generate a video', { exact: true });
	await action.waitFor();
	await armTimer(page, 'click', '[data-test-id="node-creator"]');
	await action.click();
	const openMs = await msUntilShown(page, PANEL_READY);
	await page.getByTestId('ndv').getByTestId('parameter-input-model').waitFor();
	return { foundInMainSearch, mainSearchResult, openMs };
}

/** Closes the node details view (its close button). */
export async function closeNdv(page: Page): Promise<void> {
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('ndv-close-button').or(ndv.locator('button[aria-label="Close"]')).first().click();
	await ndv.waitFor({ state: 'hidden' });
}

/**
 * Opens a node on the canvas (double-click, as a user does); returns the ms from the
 * double-click to the rendered panel, i.e. until it shows all of `labels` (default: the
 * first and last parameters of Generate Video).
 */
export async function openNodeTimed(page: Page, nodeName: string, labels: string[] = PANEL_READY): Promise<number> {
	await armTimer(page, 'dblclick', '[data-test-id="canvas-node"]');
	await page.getByTestId('canvas-node').filter({ hasText: nodeName }).dblclick();
	return await msUntilShown(page, [...PANEL_READY, ...labels]);
}

/** Picks a Model; returns the ms from the click on it to its panel showing `labels`. */
export async function pickModelTimed(page: Page, model: string, labels: string[]): Promise<number> {
	const list = await openOptions(page, 'model');
	await armTimer(page, 'click', '[role="option"]');
	await list
		.locator('[role="option"]')
		.filter({ has: page.locator('.option-headline').getByText(model, { exact: true }) })
		.click();
	const ms = await msUntilShown(page, [...PANEL_READY, ...labels]);
	await list.waitFor({ state: 'hidden' });
	await waitForValue(page, 'model', model);
	return ms;
}

async function search(page: Page, text: string): Promise<void> {
	const bar = page.getByTestId('node-creator-search-bar');
	await bar.fill('');
	if (text) await bar.pressSequentially(text, { delay: 20 });
}

/**
 * Labels of the parameters the Parameters tab shows, top level only, in order
 * (settings-tab items are in the DOM but hidden; fields inside a collection are
 * nested parameter items and not counted).
 */
export async function parameterLabels(page: Page): Promise<string[]> {
	return await page
		.getByTestId('ndv')
		.getByTestId('node-parameters')
		.evaluate((root: PageElement) =>
			Array.from(root.querySelectorAll('[data-test-id="parameter-item"]'))
				.filter((item) => item.offsetParent !== null && !item.parentElement?.closest('[data-test-id="parameter-item"]'))
				.map((item) => {
					const label = item.querySelector('[data-test-id="input-label"] label');
					if (!label) return '';
					const copy = label.cloneNode(true);
					// the Fixed / Expression toggle sits inside the label
					for (const el of copy.querySelectorAll('[data-test-id$="parameter-input-options-container"], [data-test-id="parameter-options-container"]'))
						el.remove();
					return String(copy.textContent).replace(/\s+/g, ' ').replace(/\s*\*$/, '').trim();
				})
				.filter((label) => label !== ''),
		);
}

/** The label of the Model picker (n8n's wording for an options parameter that also takes an ID). */
export const MODEL_LABEL = 'Model Name or ID';

/** The parameters shown between Model and Wait for Completion: the model's own fields. */
export function modelFields(labels: string[]): string[] {
	const from = labels.indexOf(MODEL_LABEL);
	const to = labels.indexOf('Wait for Completion');
	if (from < 0 || to < from) throw new Error(`expected "${MODEL_LABEL}" … "Wait for Completion" in the panel, got: ${labels.join(', ')}`);
	return labels.slice(from + 1, to);
}

export function combobox(page: Page, param: string): Locator {
	return page.getByTestId('ndv').getByTestId(`parameter-input-${param}`).locator('input[role="combobox"]');
}

/** Opens the dropdown of an options parameter; returns its listbox. */
export async function openOptions(page: Page, param: string): Promise<Locator> {
	const input = combobox(page, param);
	await input.click();
	const id = await input.getAttribute('aria-controls');
	if (!id) throw new Error(`parameter ${param}: the select has no aria-controls listbox`);
	const list = page.locator(`[id="${id}"]`);
	await list.locator('[role="option"]').first().waitFor();
	return list;
}

export async function optionLabels(list: Locator): Promise<string[]> {
	return (await list.locator('[role="option"] .option-headline').allInnerTexts()).map((s) => s.trim());
}

export async function closeOptions(page: Page, param: string, list: Locator): Promise<void> {
	if (await list.isVisible()) await combobox(page, param).click();
	await list.waitFor({ state: 'hidden' });
}

/** The options a dropdown offers (opens it, reads, closes it). */
export async function optionsOf(page: Page, param: string): Promise<string[]> {
	const list = await openOptions(page, param);
	const names = await optionLabels(list);
	await closeOptions(page, param, list);
	return names;
}

/** Picks an option by its label, as a user clicks it. */
export async function pick(page: Page, param: string, option: string): Promise<void> {
	const list = await openOptions(page, param);
	await list
		.locator('[role="option"]')
		.filter({ has: page.locator('.option-headline').getByText(option, { exact: true }) })
		.click();
	await list.waitFor({ state: 'hidden' });
	await waitForValue(page, param, option);
}

/** The label an options parameter shows. */
export async function shownValue(page: Page, param: string): Promise<string> {
	return await combobox(page, param).inputValue();
}

export async function waitForValue(page: Page, param: string, option: string): Promise<void> {
	let shown = '';
	await until(async () => (shown = await shownValue(page, param)) === option, `${param} to show "${option}"`).catch(() => {
		throw new Error(`parameter ${param}: picked "${option}" but it shows "${shown}"`);
	});
}

/** Turns a boolean parameter on or off by clicking its switch. */
export async function setSwitch(page: Page, param: string, on: boolean): Promise<void> {
	const container = page.getByTestId('ndv').getByTestId(`parameter-input-${param}`);
	const input = container.locator('input[role="switch"]');
	if ((await input.getAttribute('aria-checked')) === String(on)) return;
	await container.locator('.el-switch').click();
	await until(async () => (await input.getAttribute('aria-checked')) === String(on), `switch ${param} to turn ${on ? 'on' : 'off'}`);
}

export async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await delay(100);
	}
}

/** Scrolls the parameters back to the top and takes a screenshot of the page. */
export async function screenshot(page: Page, file: string): Promise<void> {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page
		.getByTestId('ndv')
		.getByTestId('node-parameters')
		.evaluate((el: PageElement) => {
			for (let p: PageElement | null = el; p; p = p.parentElement) if (p.scrollTop) p.scrollTop = 0;
		});
	// no focus ring or hover toolbar in the picture (an expression: evaluated in the page)
	await page.evaluate('document.activeElement?.blur()');
	await page.mouse.move(0, 0);
	await page.screenshot({ path: file });
}
