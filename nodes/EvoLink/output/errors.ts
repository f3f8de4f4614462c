import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { EvoLinkRequestError } from '../transport/errors';
import { WaitCancelledError } from '../wait/waitForTasks';

const BILLING_URL = 'https://evolink.ai/dashboard/billing';

/** What the user can do about an EvoLink error. */
export function hintFor(error: EvoLinkRequestError, model?: string): string | undefined {
	const suggestion = error.body?.error?.fallback_suggestion;
	switch (error.code) {
		case 'idempotency_conflict':
			return 'EvoLink already has a task from an earlier try of this item, made with other settings or media. Find it with Get Many Tasks (nothing new was charged).';
		case 'paid_outcome_unknown':
			return 'EvoLink is still processing an earlier try of this item. Look the task up with Get Many Tasks before running it again.';
	}
	switch (error.httpCode) {
		case 400:
			return error.body?.error?.param ? `EvoLink rejected the parameter "${error.body.error.param}".` : undefined;
		case 401:
			return 'Check the API key in the EvoLink API credential (keys look like sk-evo-…).';
		case 402:
			return `Your EvoLink credits are not enough for this task. Top up at ${suggestion && /^https?:/.test(suggestion) ? suggestion : BILLING_URL}.`;
		case 403:
			return `This API key has no access to ${model ? `the model ${model}` : 'this model'}.`;
		case 404:
			return 'EvoLink does not know this task or model. Task IDs look like task-unified-… and results expire after 24 hours.';
		case 429:
			return `EvoLink is rate limiting this key${suggestion ? ` (${suggestion})` : ''}. Lower the number of items per run or retry later.`;
	}
	if (error.httpCode && error.httpCode >= 500)
		return `EvoLink had a server problem${suggestion ? ` (${suggestion})` : ''}. Retry in a little while.`;
	return error.networkCode && !error.aborted ? 'Check the Base URL in the EvoLink API credential and the network.' : undefined;
}

/**
 * An n8n error built from the sanitised request error only, so no header or key can leak.
 * HTTP answers become NodeApiError (with the status); a network failure is no API answer
 * and becomes a NodeOperationError, whose message n8n leaves as it is.
 */
export function toNodeError(
	node: INode,
	error: EvoLinkRequestError,
	itemIndex: number | undefined,
	extra: { model?: string; prefix?: string; warning?: string } = {},
): NodeApiError | NodeOperationError {
	const prefix = extra.prefix ?? 'EvoLink';
	const hint = hintFor(error, extra.model);
	const detail = error.detail ? `(${error.detail})` : undefined;
	const description = [extra.warning, hint, detail].filter(Boolean).join(' ') || undefined;
	if (!error.httpCode) {
		// Network failures read on from the prefix ("EvoLink could not be reached: …"); a cancel is a sentence of its own.
		const message = error.aborted ? `${prefix}: ${error.message}` : `${prefix} ${error.message}`;
		return new NodeOperationError(node, message, { itemIndex, description });
	}
	const message = `${prefix}: ${error.message} (HTTP ${error.httpCode})`;
	const response: JsonObject = { message, ...(error.body ? { body: error.body as JsonObject } : {}) };
	return new NodeApiError(node, response, { message, description, httpCode: String(error.httpCode), itemIndex });
}

/** n8n errors pass through; anything else becomes a NodeOperationError for this item. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	// The message names every task (and says "canceled", which n8n reads as a stopped execution).
	if (error instanceof WaitCancelledError)
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: 'The execution was stopped; the tasks keep running at EvoLink. Resume them with Get Task.',
		});
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
