// EvoLink Trigger: receives EvoLink's task callbacks. The body is never trusted: it only
// names a task, which is queried with the credential before anything is emitted.
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answer } from '../EvoLink/callback/common';
import { downloadVideo } from '../EvoLink/output/download';
import { normalizeTask } from '../EvoLink/output/normalize';
import { getTask, toRequestError } from '../EvoLink/transport';
import { TASK_ID_PATTERN, TERMINAL_STATUSES } from '../EvoLink/transport/types';

/** n8n's editor gives every webhook node a random UUID: it is this trigger's secret path. */
const RANDOM_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const SEEN_MAX = 1000;

export type EventFilter = 'all' | 'completed' | 'failed';

/** Is the node's URL unguessable? Without a webhook ID n8n falls back to <workflow id>/<node name>/…, which is not. */
export function hasSecretPath(webhookId: string | undefined): boolean {
	return typeof webhookId === 'string' && RANDOM_ID.test(webhookId);
}

/**
 * Tasks this trigger emitted, per process, for a repeated callback that arrives before the
 * workflow's static data is saved (n8n saves it only once the started execution is stored).
 */
const recent = new Map<string, number>();
const RECENT_TTL_MS = 10 * 60_000;

/**
 * Callbacks this process is confirming right now, per task: a repeat that arrives meanwhile (EvoLink
 * retries when an answer is late) waits for the first one's decision instead of emitting a second time.
 */
const inFlight = new Map<string, Promise<boolean>>();

/** Task ids emitted, newest last, in the workflow's static data (kept across restarts, shared by processes). */
function seenIds(ctx: IWebhookFunctions): string[] {
	const data = ctx.getWorkflowStaticData('node');
	return Array.isArray(data.seen) ? (data.seen as string[]) : [];
}

/** A task ends once: its id alone says whether it was emitted already (no query needed). */
function alreadyEmitted(ctx: IWebhookFunctions, scope: string, id: string): boolean {
	const now = Date.now();
	for (const [k, at] of recent) if (now - at > RECENT_TTL_MS) recent.delete(k);
	return recent.has(`${scope}/${id}`) || seenIds(ctx).some((key) => key === id || key.startsWith(`${id}:`));
}

function remember(ctx: IWebhookFunctions, scope: string, id: string) {
	recent.set(`${scope}/${id}`, Date.now());
	const data = ctx.getWorkflowStaticData('node');
	data.seen = [...seenIds(ctx).filter((key) => key !== id), id].slice(-SEEN_MAX);
}

export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const node = this.getNode();
	if (!hasSecretPath(node.webhookId)) {
		this.logger.warn(`EvoLink Trigger "${node.name}" has no random webhook ID: callbacks refused (re-add the node in the editor)`);
		answer(this, 404, { error: 'Unknown webhook' });
		return { noWebhookResponse: true };
	}
	const body = (this.getBodyData() ?? {}) as IDataObject;
	const id = typeof body.id === 'string' ? body.id : '';
	if (!TASK_ID_PATTERN.test(id)) {
		answer(this, 400, { error: 'The body has no EvoLink task id' });
		return { noWebhookResponse: true };
	}

	// Per trigger: the same task may be sent to several triggers (e.g. test and production URLs).
	const scope = node.webhookId ?? node.id;
	const key = `${scope}/${id}`;
	let repeat = false;
	for (let first = inFlight.get(key); first && !repeat; first = inFlight.get(key)) repeat = await first;
	if (repeat || alreadyEmitted(this, scope, id)) {
		// A repeat (EvoLink retried, or a forgery of an id already seen): no query spent on it.
		answer(this, 200, { received: true, duplicate: true });
		return { noWebhookResponse: true };
	}
	let decided: (taken: boolean) => void = () => undefined;
	inFlight.set(key, new Promise<boolean>((resolve) => (decided = resolve)));
	try {
		return await confirmAndEmit.call(this, id, scope, () => decided(true));
	} finally {
		decided(false); // no effect once taken
		inFlight.delete(key);
	}
}

async function confirmAndEmit(this: IWebhookFunctions, id: string, scope: string, taken: () => void): Promise<IWebhookResponseData> {
	let task;
	try {
		task = await getTask(this, id, 5_000);
	} catch (error) {
		const err = toRequestError(error);
		if (err.httpCode && err.httpCode >= 400 && err.httpCode < 500 && ![401, 408, 429].includes(err.httpCode)) {
			// Not a task of this API key: forged, or meant for another account.
			this.logger.warn(`EvoLink Trigger: callback for task ${id} ignored (EvoLink: HTTP ${err.httpCode})`);
			answer(this, 404, { error: 'Unknown task' });
		} else {
			answer(this, 503, { error: 'Could not confirm the task with EvoLink; please retry' });
		}
		return { noWebhookResponse: true };
	}
	if (!TERMINAL_STATUSES.includes(task.status)) {
		// EvoLink calls back when a task ends; if its API does not say so yet, ask to be called again.
		answer(this, 503, { error: `Task ${id} is still ${task.status}; please retry` });
		return { noWebhookResponse: true };
	}
	const events = this.getNodeParameter('events', 'all') as EventFilter;
	const wanted = events === 'all' || events === task.status || (events === 'failed' && task.status === 'cancelled');
	remember(this, scope, task.id);
	taken();
	if (!wanted) {
		answer(this, 200, { received: true, ignored: `status ${task.status}` });
		return { noWebhookResponse: true };
	}

	// Answer first: downloading may take longer than EvoLink's 10 s.
	answer(this, 200, { received: true });
	const json = normalizeTask(task);
	const download = this.getNodeParameter('downloadVideo', false) as boolean;
	if (download && task.status === 'completed' && json.videoUrl) {
		const field = String(this.getNodeParameter('binaryPropertyName', 'data'));
		try {
			const binary = await downloadVideo(this, String(json.videoUrl), task.id);
			return { noWebhookResponse: true, workflowData: [[{ json, binary: { [field]: binary } }]] };
		} catch (error) {
			json.downloadError = `Could not download the video: ${(error as Error).message}. It is at videoUrl for 24 hours.`;
		}
	}
	return { noWebhookResponse: true, workflowData: [[{ json }]] };
}
