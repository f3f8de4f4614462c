// Dropdown searches and collections ("Add Option") in the n8n 2.41 editor; the selectors
// are those of ui.ts (element-plus selects, n8n's data-test-id attributes, plus
// collection-parameter-add for a collection's "Add Option" select).
import type { Locator, Page } from 'playwright-core';

import { combobox, openOptions, until } from './ui';

/**
 * The DOM members used inside the page (this TypeScript is compiled without the DOM library).
 */
interface PageElement {
	offsetParent: unknown;
	textContent: string | null;
	querySelector(selector: string): PageElement | null;
	querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
}

/** The labels of the options a dropdown shows now (those a search filtered out are hidden). */
export async function visibleOptionLabels(list: Locator): Promise<string[]> {
	return await list.evaluate((root: PageElement) =>
		Array.from(root.querySelectorAll('[role="option"]'))
			.filter((o) => o.offsetParent !== null)
			// n8n's parameter options have a headline (and a description); plain ones are text only
			.map((o) => String((o.querySelector('.option-headline') ?? o).textContent ?? '').replace(/\s+/g, ' ').trim()),
	);
}

/**
 * Opens a dropdown and types `text` into its search, as a user does; returns the options
 * it then shows. The dropdown stays open with that search (closeSearch() ends it).
 */
export async function searchOptions(page: Page, param: string, text: string): Promise<{ list: Locator; shown: string[] }> {
	const list = await openOptions(page, param);
	const input = combobox(page, param);
	await input.fill('');
	await input.pressSequentially(text, { delay: 30 });
	let shown: string[] = [];
	// the filter runs as one types: wait until the list has settled on the whole text
	let last = '';
	await until(async () => {
		shown = await visibleOptionLabels(list);
		const now = shown.join('|');
		const settled = now === last && (await input.inputValue()) === text;
		last = now;
		return settled;
	}, `the ${param} search for "${text}" to settle`);
	return { list, shown };
}

/** Ends a dropdown search without picking anything (Escape): the value stays as it was. */
export async function closeSearch(page: Page, list: Locator): Promise<void> {
	await page.keyboard.press('Escape');
	await list.waitFor({ state: 'hidden' });
}

/** The "Add Option" dropdown of the collection parameter `param` (e.g. each model's Options). */
function collectionAdd(page: Page, param: string): Locator {
	return page
		.getByTestId('ndv')
		.getByTestId('node-parameters')
		.getByTestId('parameter-item')
		.filter({ has: page.locator(`label[for="${param}"]`) })
		.getByTestId('collection-parameter-add')
		.locator('input[role="combobox"]');
}

/** What a collection's "Add Option" offers (opens it, reads, closes it). */
export async function collectionOptions(page: Page, param: string): Promise<string[]> {
	const input = collectionAdd(page, param);
	await input.click();
	const list = page.locator(`[id="${await input.getAttribute('aria-controls')}"]`);
	await list.locator('[role="option"]').first().waitFor();
	const names = await visibleOptionLabels(list);
	await input.click();
	await list.waitFor({ state: 'hidden' });
	return names;
}

/** Adds one setting to a collection through "Add Option"; returns the labels shown inside the collection. */
export async function addCollectionOption(page: Page, param: string, option: string): Promise<string[]> {
	const input = collectionAdd(page, param);
	await input.click();
	const list = page.locator(`[id="${await input.getAttribute('aria-controls')}"]`);
	await list.locator('[role="option"]').filter({ hasText: option }).first().click();
	await list.waitFor({ state: 'hidden' }); // (fades out: not in the next screenshot)
	const item = page
		.getByTestId('ndv')
		.getByTestId('node-parameters')
		.getByTestId('parameter-item')
		.filter({ has: page.locator(`label[for="${param}"]`) });
	await item.locator(':scope [data-test-id="parameter-item"] [data-test-id="input-label"] label').filter({ hasText: option }).first().waitFor();
	return await item.evaluate((root: PageElement) =>
		Array.from(root.querySelectorAll(':scope [data-test-id="parameter-item"] [data-test-id="input-label"] label'))
			.filter((label) => label.offsetParent !== null)
			.map((label) => String(label.querySelector('.n8n-text')?.textContent ?? '').replace(/\s+/g, ' ').trim()),
	);
}
