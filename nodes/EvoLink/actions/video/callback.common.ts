// Wait Mode "On Callback": shared by the parking side (execute) and the resuming side (webhook).
import type { IDataObject, INode, IWebhookDescription, IWebhookFunctions } from 'n8n-workflow';

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
 * Key added to each input item's json while the execution is parked. It is what this
 * execution submitted (the callback is never trusted), and what the items carry if
 * n8n resumes them at the wait limit without a callback.
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
}

export function isParkedTask(value: unknown): value is ParkedTask {
	return typeof value === 'object' && value !== null && typeof (value as ParkedTask).waitTill === 'string';
}

/** `.../webhook-waiting/123?signature=abc` → `.../webhook-waiting/123/evolink?signature=abc` */
export function withCallbackPath(resumeUrl: string): string {
	const url = new URL(resumeUrl);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${CALLBACK_PATH}`;
	return url.toString();
}

/** A callback must be answered within EvoLink's 10 s: status queries get a short timeout. */
export const CALLBACK_QUERY_TIMEOUT_MS = 4_000;

/** Continue On Fail as set on the node (the webhook context has no continueOnFail()). */
export function continuesOnFail(node: INode): boolean {
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
