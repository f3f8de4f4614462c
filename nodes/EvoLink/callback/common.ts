// Wait Mode "On Callback": shared by the parking side (execute) and the resuming side (webhook).
import type { IDataObject, IExecuteFunctions, IWebhookDescription, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkCallbackUrl } from '../models/common';
import type { ItemResults } from '../output/results';
import { isTool } from '../output/tool';
import type { PreparedItem } from '../submit/prepare';
import type { ConnectionSettings } from '../transport/credentials';

/**
 * The path suffix of this node's resume webhook: `<webhook-waiting>/<execution id>/evolink?signature=…`.
 * n8n matches it against `webhooks[].path` of the parked node.
 */
export const CALLBACK_PATH = 'evolink';

/**
 * The resume webhook of a parked execution (restartWebhook): n8n serves it under
 * /webhook-waiting/<execution id>/evolink; nothing is registered anywhere, so it has no
 * lifecycle methods (like n8n's own send-and-wait webhooks).
 */
export const RESUME_WEBHOOKS: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: CALLBACK_PATH, restartWebhook: true },
];

/**
 * Key of the parked copy of each input item: what this execution submitted (the callback
 * is never trusted), and what the items carry if n8n resumes them at the wait limit.
 */
export const PARKED_KEY = 'evolinkTask';

/** Status on the parked items: what they show if the limit passes without a callback. */
export const NO_CALLBACK = 'no_callback';

export interface ParkedTask {
	/** Absent when no task was created for this item (bad input or failed create, under Continue On Fail). */
	id?: string;
	status: typeof NO_CALLBACK | 'error';
	message: string;
	/** ISO time the task was submitted. */
	submittedAt?: string;
	/** ISO time n8n resumes without a callback. */
	waitTill: string;
	/** Binary field to download the video into; absent: no download. */
	downloadTo?: string;
	model?: string;
	/** Output notes of the create (replayed, idempotency key, warning). */
	notes?: IDataObject;
	/** On the first item: the watch of this execution, and the token its messages carry. */
	watchUrl?: string;
	watchToken?: string;
}

export function isParkedTask(value: unknown): value is ParkedTask {
	return typeof value === 'object' && value !== null && typeof (value as ParkedTask).waitTill === 'string';
}

/** `.../webhook-waiting/123?signature=abc` → `.../webhook-waiting/123/evolink?signature=abc` */
export function withCallbackPath(resumeUrl: string, suffix = CALLBACK_PATH): string {
	const url = new URL(resumeUrl);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${suffix}`;
	return url.toString();
}

/** The resume URL without its secret signature, for messages. */
function shown(url: string): string {
	const u = new URL(url);
	return `${u.origin}${u.pathname}`;
}

/** This execution's signed resume URL, as n8n gives it to workflows. */
function resumeUrl(ctx: IExecuteFunctions): string {
	return String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0));
}

/**
 * This execution's callback URL (its resume URL + /evolink). Fails BEFORE anything is paid
 * for when EvoLink could not call it (EvoLink only calls public https URLs).
 */
export function callbackUrlOf(ctx: IExecuteFunctions, conn: ConnectionSettings): string {
	const node = ctx.getNode();
	if (isTool(ctx)) {
		throw new NodeOperationError(node, 'Wait Mode "On Callback" is not available when EvoLink is used as a tool', {
			description: 'Use Wait Mode "Poll", or turn off Wait for Completion and check the task with Get Task.',
		});
	}
	const url = withCallbackPath(resumeUrl(ctx));
	const problem = checkCallbackUrl(url, { allowLocalCallbacks: conn.allowLocalCallbacks });
	if (problem) {
		throw new NodeOperationError(node, `EvoLink cannot call this n8n back: ${problem}`, {
			description: `On Callback gives EvoLink this execution's resume URL (${shown(url)}). Run n8n behind https with WEBHOOK_URL set to its public address (e.g. https://n8n.example.com/), or use Wait Mode "Poll". Nothing was sent to EvoLink.`,
		});
	}
	return url;
}

/** Puts the callback URL into every body; a Callback URL the user set is refused here. */
export function withCallbackUrl(ctx: IExecuteFunctions, prepared: PreparedItem[], results: ItemResults, url: string): PreparedItem[] {
	const out: PreparedItem[] = [];
	for (const p of prepared) {
		if (p.body.callback_url) {
			const error = new NodeOperationError(ctx.getNode(), 'Callback URL must be empty when Wait Mode is "On Callback"', {
				itemIndex: p.itemIndex,
				description: 'On Callback uses this execution\'s own resume URL. Remove the Callback URL option, or use Wait Mode "Poll". Nothing was sent to EvoLink.',
			});
			if (!ctx.continueOnFail()) throw error;
			results.fail(p.itemIndex, error);
			continue;
		}
		// The intent stays without the URL: it holds the execution id, which the key has anyway.
		out.push({ ...p, body: { ...p.body, callback_url: url } });
	}
	return out;
}

/** Continue On Fail as set on the node (the webhook context has no continueOnFail()). */
export function continuesOnFail(ctx: IWebhookFunctions): boolean {
	const node = ctx.getNode();
	return node.continueOnFail === true || node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput';
}

/** A small JSON answer written straight to the HTTP response, so n8n adds nothing. */
export function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): void {
	const res = ctx.getResponseObject() as unknown as {
		headersSent?: boolean;
		statusCode: number;
		setHeader(name: string, value: string): void;
		end(body: string): void;
	};
	if (res.headersSent) return;
	res.statusCode = status;
	res.setHeader('content-type', 'application/json; charset=utf-8');
	res.end(JSON.stringify(body));
}

/**
 * POSTs to one of n8n's own waiting-webhook URLs (a parked execution's, or its watch's). Every
 * answer comes back with its status; undefined when none came (n8n unreachable, timeout).
 */
export async function postToWaiting(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
	body: IDataObject,
	timeoutMs: number,
): Promise<{ status: number; body?: unknown } | undefined> {
	try {
		const res = (await ctx.helpers.httpRequest({
			method: 'POST',
			url,
			body,
			json: true,
			timeout: timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode?: number; body?: unknown };
		return { status: Number(res?.statusCode ?? 0), body: res?.body };
	} catch {
		return undefined;
	}
}
