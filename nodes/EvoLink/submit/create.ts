// Paid creates. Every create carries its Idempotency-Key, so a create whose answer was lost
// can be sent again: EvoLink's ledger returns the original task instead of a second one.
import type { IDataObject } from 'n8n-workflow';

import { EvoLinkRequestError } from '../transport/errors';
import type { EvoLinkContext } from '../transport/request';
import { createVideoTask } from '../transport/tasks';
import type { ApiTask } from '../transport/types';
import { pause } from '../wait/pause';

/** Rate limits and refused connections: EvoLink certainly did not take it. */
const NOT_ACCEPTED_ATTEMPTS = 4;
/** Timeouts, dropped answers, 5xx: sent again with the same key, a bounded number of times. */
const AMBIGUOUS_ATTEMPTS = 3;
/** "Still processing the earlier request with this key": wait and ask again. */
const IN_FLIGHT_ATTEMPTS = 6;

export interface CreateResult {
	task: ApiTask;
	/** EvoLink's ledger returned the task of an earlier try (no new charge). */
	replayed: boolean;
	/** An earlier try may have reached EvoLink, and the answer did not confirm it was this task. */
	unconfirmed: boolean;
}

/** A create failure, knowing whether the task may exist anyway. */
export class CreateError extends Error {
	constructor(
		readonly reason: EvoLinkRequestError,
		/** Some try may have reached EvoLink: the task may exist and be charged. */
		readonly mayExist: boolean,
	) {
		super(reason.message);
		this.name = 'CreateError';
	}
}

/** EvoLink's 429 says "retry after 60 seconds" in fallback_suggestion when no Retry-After is sent. */
function suggestedDelayMs(err: EvoLinkRequestError): number | undefined {
	const match = /retry after (\d+) ?s/i.exec(err.body?.error?.fallback_suggestion ?? '');
	return match ? Number(match[1]) * 1000 : undefined;
}

export async function createTask(ctx: EvoLinkContext, body: IDataObject, key: string, signal?: AbortSignal): Promise<CreateResult> {
	let mayExist = false;
	const tries = { notAccepted: 0, ambiguous: 0, inFlight: 0 };
	for (;;) {
		let err: EvoLinkRequestError;
		try {
			const { task, replayed } = await createVideoTask(ctx, body, key);
			return { task, replayed, unconfirmed: mayExist && !replayed };
		} catch (error) {
			err = error instanceof EvoLinkRequestError ? error : new EvoLinkRequestError(String(error));
		}
		let delay: number | undefined;
		if (err.code === 'paid_outcome_unknown') {
			mayExist = true;
			if (++tries.inFlight < IN_FLIGHT_ATTEMPTS) delay = Math.min(err.retryAfterMs ?? 2_000 * tries.inFlight, 30_000);
		} else if (err.notAccepted) {
			if (++tries.notAccepted < NOT_ACCEPTED_ATTEMPTS)
				delay = Math.min(err.retryAfterMs ?? suggestedDelayMs(err) ?? 2_000 * 2 ** (tries.notAccepted - 1), 60_000);
		} else if (err.ambiguous) {
			mayExist = true;
			if (++tries.ambiguous < AMBIGUOUS_ATTEMPTS) delay = Math.min(err.retryAfterMs ?? 1_000 * tries.ambiguous, 30_000);
		}
		if (delay === undefined || !(await pause(delay, signal))) throw new CreateError(err, mayExist);
	}
}
