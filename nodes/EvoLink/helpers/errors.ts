import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { EvoLinkRequestError } from '../transport/errors';

const BILLING_URL = 'https://evolink.ai/dashboard/billing';

/** What the user can do about an EvoLink error. */
export function hintFor(error: EvoLinkRequestError, model?: string): string | undefined {
	const suggestion = error.body?.error?.fallback_suggestion;
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
		default:
			if (error.httpCode && error.httpCode >= 500)
				return `EvoLink had a server problem${suggestion ? ` (${suggestion})` : ''}. Retry in a little while.`;
			return error.networkCode ? 'Check the Base URL in the EvoLink API credential and the network.' : undefined;
	}
}

/** An n8n error built from the sanitised request error only, so no header or key can leak. */
export function toNodeApiError(
	node: INode,
	error: EvoLinkRequestError,
	itemIndex: number,
	extra: { model?: string; prefix?: string; warning?: string } = {},
): NodeApiError {
	const status = error.httpCode ? ` (HTTP ${error.httpCode})` : '';
	const message = `${extra.prefix ?? 'EvoLink'}: ${error.message}${status}`;
	const hint = hintFor(error, extra.model);
	const description = [extra.warning, hint].filter(Boolean).join(' ');
	const response: JsonObject = { message, ...(error.body ? { body: error.body as JsonObject } : {}) };
	return new NodeApiError(node, response, {
		message,
		description: description || undefined,
		httpCode: error.httpCode ? String(error.httpCode) : undefined,
		itemIndex,
	});
}

/** n8n errors pass through; anything else becomes a NodeOperationError for this item. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
