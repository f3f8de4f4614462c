// Timing the panel in the page itself: a listener (capture phase) notes when the user's
// click or double-click happened, then a check that runs every animation frame notes when
// the Parameters tab first shows the wanted labels. The difference is what the user waits.
import type { Page } from 'playwright-core';

/** The first and the last parameter of a rendered Generate Video panel. */
export const PANEL_READY = ['Model Name or ID', 'Prompt', 'Wait Options'];

/**
 * Remembers, in the page, when the next `event` hits an element inside `within` (capture
 * phase, so before n8n's own handlers run): the start of a measurement.
 */
export async function armTimer(page: Page, event: 'click' | 'dblclick', within: string): Promise<void> {
	await page.evaluate(`(() => {
		if (window.__evoDisarm) window.__evoDisarm();
		window.__evoT0 = undefined;
		const on = (e) => { if (window.__evoT0 === undefined && e.target.closest && e.target.closest(${JSON.stringify(within)})) window.__evoT0 = performance.now(); };
		document.addEventListener(${JSON.stringify(event)}, on, { capture: true });
		window.__evoDisarm = () => document.removeEventListener(${JSON.stringify(event)}, on, { capture: true });
	})()`);
}

/**
 * ms from the armed event to the first animation frame in which the Parameters tab shows
 * all these labels (checked every frame, in the page).
 */
export async function msUntilShown(page: Page, labels: string[], timeout = 60_000): Promise<number> {
	const handle = await page.waitForFunction(
		`(() => {
			if (window.__evoT0 === undefined) return false;
			const root = document.querySelector('[data-test-id="ndv"] [data-test-id="node-parameters"]');
			if (!root) return false;
			// the top-level labels, read as parameterLabels() in ui.ts reads them
			const shown = Array.from(root.querySelectorAll('[data-test-id="parameter-item"]'))
				.filter((item) => item.offsetParent !== null && !item.parentElement.closest('[data-test-id="parameter-item"]'))
				.map((item) => {
					const label = item.querySelector('[data-test-id="input-label"] label');
					if (!label) return '';
					const copy = label.cloneNode(true);
					for (const el of copy.querySelectorAll('[data-test-id$="parameter-input-options-container"], [data-test-id="parameter-options-container"]')) el.remove();
					return copy.textContent.replace(/\\s+/g, ' ').replace(/\\s*\\*$/, '').trim();
				});
			const ready = ${JSON.stringify(labels)}.every((w) => shown.includes(w));
			return ready ? performance.now() - window.__evoT0 : false;
		})()`,
		undefined,
		{ polling: 'raf', timeout },
	);
	return Math.round(Number(await handle.jsonValue()));
}
