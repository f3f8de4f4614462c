import { sleep } from 'n8n-workflow';

/** Sleeps in short slices so a cancelled execution stops within half a second. Returns false if cancelled. */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (signal?.aborted) return false;
		await sleep(Math.min(500, until - Date.now()));
	}
	return !signal?.aborted;
}
