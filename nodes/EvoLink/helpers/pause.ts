import { sleep } from 'n8n-workflow';

import { toRequestError } from '../transport';
import type { EvoLinkRequestError } from '../transport/errors';

/** Sleeps in short slices so a cancelled execution stops within half a second. Returns false if cancelled. */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (signal?.aborted) return false;
		await sleep(Math.min(500, until - Date.now()));
	}
	return !signal?.aborted;
}

/**
 * Calls `call` again after a failure while `delayAfter` gives a delay (ms) for that error,
 * up to `attempts` calls in all; a canceled execution stops the retries. Throws the last error.
 */
export async function withRetries<T>(
	attempts: number,
	signal: AbortSignal | undefined,
	call: () => Promise<T>,
	delayAfter: (err: EvoLinkRequestError, attempt: number) => number | undefined,
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			const err = toRequestError(error);
			const delay = attempt < attempts ? delayAfter(err, attempt) : undefined;
			if (delay === undefined || !(await pause(delay, signal))) throw err;
		}
	}
}
