import { sleep } from 'n8n-workflow';

const SLICE_MS = 500;

/**
 * Sleeps `ms`, ending early when the execution is cancelled; resolves false if it was.
 * n8n-workflow 2.x's sleep takes the cancel signal itself; 1.x's takes none, so there
 * the signal is checked every half second.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	if (!signal || sleep.length >= 2) {
		try {
			await (sleep as (ms: number, signal?: AbortSignal) => Promise<void>)(Math.max(0, ms), signal);
		} catch {
			// rejected by the abort
		}
		return !signal?.aborted;
	}
	const until = Date.now() + ms;
	while (Date.now() < until && !signal.aborted) await sleep(Math.min(SLICE_MS, until - Date.now()));
	return !signal.aborted;
}
