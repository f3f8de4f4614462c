// Wait Mode "On Callback", second half: POSTs to this execution's resume URL. From EvoLink
// (a task ended; the body is never trusted, it only names a task): handed to the watch of
// the execution, which reads every task (one request) and decides. From the watch (it
// carries the parked token): every task has ended, or the limit passed: read once more,
// answer, download, resume. Without a watch, a callback decides itself.
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { downloadVideo } from '../output/download';
import { downloadFailedError, taskFailedError } from '../output/finish';
import { hintFor } from '../output/errors';
import { normalizeTask } from '../output/normalize';
import { errorJson } from '../output/results';
import { EvoLinkRequestError } from '../transport/errors';
import type { ApiTask } from '../transport/types';
import { isTask, isTerminal } from '../transport/types';
import { mapWithConcurrency } from '../wait/concurrency';
import { StatusReader } from '../wait/status';
import type { ParkedTask } from './common';
import { PARKED_KEY, answer, continuesOnFail, isParkedTask, postToWaiting } from './common';

const DOWNLOADS_IN_FLIGHT = 3;
/** EvoLink waits 10 s for an answer: reads and the hand-over get short timeouts. */
const QUERY_TIMEOUT_MS = 4_000;
const FORWARD_TIMEOUT_MS = 4_000;

/**
 * Executions this process is resuming: a repeated message that arrives while the first is
 * still downloading must not download again (across processes the watch is the one sender).
 */
const resuming = new Map<string, number>();
const RESUMING_TTL_MS = 30 * 60_000;

function claim(executionId: string): boolean {
	const now = Date.now();
	for (const [id, at] of resuming) if (now - at > RESUMING_TTL_MS) resuming.delete(id);
	if (resuming.has(executionId)) return false;
	resuming.set(executionId, now);
	return true;
}

type Parked = Array<{ json: IDataObject; binary?: INodeExecutionData['binary']; task?: ParkedTask }>;

/** The parked copies of the input items, in input order (n8n gives the parked node's input as $input). */
function readParked(ctx: IWebhookFunctions): Parked {
	const items = ctx.evaluateExpression('{{ $input.all() }}', 0);
	if (!Array.isArray(items)) return [];
	return (items as INodeExecutionData[]).map((item) => {
		const task = item?.json?.[PARKED_KEY];
		return { json: item?.json ?? {}, binary: item?.binary, task: isParkedTask(task) ? task : undefined };
	});
}

/** Hands a callback to the watch; 'gone' when it is not there (then this callback decides). */
async function forward(ctx: IWebhookFunctions, watchUrl: string, id: string): Promise<'ok' | 'gone' | 'failed'> {
	const res = await postToWaiting(ctx, watchUrl, { id }, FORWARD_TIMEOUT_MS);
	if (!res) return 'failed';
	const { status } = res;
	if (status === 409) {
		// n8n's 409 says why (2.41.1: 'The execution "7" is running already.' / '... has finished already.' /
		// '... has finished with error.'). Running: the watch may have read this task before it ended,
		// and would park again without it: hand it over again once the watch waits.
		const message = String((res.body as { message?: unknown } | undefined)?.message ?? res.body ?? '');
		if (/running already/i.test(message)) return 'failed';
		// Finished with an error: nobody watches any more, this callback decides. Finished: it has delivered.
		return /finished with error/i.test(message) ? 'gone' : 'ok';
	}
	if (status >= 200 && status < 300) return 'ok';
	return status === 404 || status === 401 || status === 403 ? 'gone' : 'failed';
}

const HAND_OVER_FOR_MS = 8_000;
const HAND_OVER_STEP_MS = 250;

async function handOver(ctx: IWebhookFunctions, watchUrl: string, id: string): Promise<'ok' | 'gone' | 'failed'> {
	const until = Date.now() + HAND_OVER_FOR_MS;
	for (;;) {
		const handed = await forward(ctx, watchUrl, id);
		if (handed !== 'failed' || Date.now() + HAND_OVER_STEP_MS > until) {
			if (handed === 'failed') ctx.logger.warn(`EvoLink callback for task ${id} not handed to the watch; its next check-in will see the task`);
			return handed;
		}
		await sleep(HAND_OVER_STEP_MS);
	}
}

export async function resumeOnCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const body = (this.getBodyData() ?? {}) as IDataObject;
	const callbackId = typeof body.id === 'string' ? body.id : undefined;
	const parked = readParked(this);
	const ids = [...new Set(parked.map((p) => p.task?.id).filter((id): id is string => !!id))];
	const reply = (status: number, json: IDataObject): IWebhookResponseData => {
		answer(this, status, json);
		return { noWebhookResponse: true };
	};

	if (ids.length === 0) return reply(409, { error: 'This execution is not waiting for EvoLink tasks' });
	const watch = parked[0]?.task;
	const fromWatch = body.source === 'evolink-watch' && !!watch?.watchToken && body.token === watch.watchToken;
	if (!fromWatch && (!callbackId || !ids.includes(callbackId))) {
		// Forged, or a late callback of another node's task: changes nothing, costs no query.
		this.logger.warn(`EvoLink callback ignored: task ${JSON.stringify(callbackId ?? null).slice(0, 80)} was not submitted by this execution`);
		return reply(404, { error: 'Unknown task for this execution' });
	}
	if (!fromWatch && watch?.watchUrl) {
		// Answer first (EvoLink waits 10 s, and many callbacks at once queue up behind the watch),
		// then hand over, retrying while the watch is busy; if that never works, its check-in finds the task.
		answer(this, 200, { received: true });
		const handed = await handOver(this, watch.watchUrl, callbackId!);
		if (handed !== 'gone') return { noWebhookResponse: true };
	}

	// Decide: one status read for the whole execution (one batch request for up to 50 tasks).
	let read: Map<string, ApiTask | Error>;
	try {
		read = await new StatusReader(this, QUERY_TIMEOUT_MS).read(ids);
	} catch {
		return reply(503, { error: 'Could not confirm the tasks with EvoLink; please retry' });
	}
	const tasks = new Map<string, ApiTask>();
	for (const id of ids) {
		const t = read.get(id);
		if (isTask(t) && isTerminal(t)) tasks.set(id, t);
	}
	const atLimit = fromWatch && body.limit === true;
	if (!fromWatch) {
		const own = read.get(callbackId!);
		// EvoLink says it ended, its API does not yet (or the read failed): ask for the callback again.
		if (!isTask(own) || !isTerminal(own)) return reply(503, { error: `Task ${callbackId} is not confirmed as ended yet; please retry` });
	}
	if (tasks.size < ids.length && !atLimit) {
		// The watch saw every task ended, this read did not confirm them all (a read failed, or the API
		// lags): a 2xx would end the watch and leave this execution waiting until the last resort.
		if (fromWatch) return reply(503, { error: 'Not every task is confirmed as ended yet; please retry' });
		return reply(200, { received: true, resumed: false });
	}
	if (!claim(this.getExecutionId())) return reply(200, { received: true, resumed: false });

	// Answer before downloading: a download may take longer than the sender waits.
	answer(this, 200, { received: true, resumed: true });
	return { noWebhookResponse: true, workflowData: [await buildOutput(this, parked, tasks, read)] };
}

/**
 * One item per input item, in input order. Never throws: the HTTP answer is already sent.
 * A failed task comes out as an error item (the webhook cannot fail the node).
 */
async function buildOutput(
	ctx: IWebhookFunctions,
	parked: Parked,
	tasks: Map<string, ApiTask>,
	read: Map<string, ApiTask | Error>,
): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const out: Array<INodeExecutionData | undefined> = parked.map(() => undefined);
	const downloads: Array<{ i: number; json: IDataObject; url: string; field: string; binary?: INodeExecutionData['binary'] }> = [];
	parked.forEach((p, i) => {
		const task = p.task;
		const fail = (error: Error & { description?: string | null }, json: IDataObject) => {
			out[i] = { json: errorJson(json, error), pairedItem: { item: i } };
		};
		if (!task?.id) {
			fail(new Error(task?.message ?? 'No EvoLink task was created for this item'), {});
			return;
		}
		const t = tasks.get(task.id);
		if (!t) {
			const last = read.get(task.id);
			if (isTask(last)) {
				// The wait limit passed with this task still running.
				const limit = new Error(`No video before the wait limit: EvoLink task ${task.id} is still ${last.status} (${last.progress ?? 0}%)`);
				fail(Object.assign(limit, { description: `The task keeps running at EvoLink. Resume it with the Get Task operation and task ID ${task.id}.` }), {
					...normalizeTask({ ...last, id: task.id }),
					timedOut: true,
				});
				return;
			}
			const message = last instanceof EvoLinkRequestError ? `EvoLink task ${task.id}: ${last.message}` : `EvoLink task ${task.id} was not confirmed`;
			fail(Object.assign(new Error(message), { description: last instanceof EvoLinkRequestError ? hintFor(last) : undefined }), { id: task.id });
			return;
		}
		const submitted = task.submittedAt ? Date.parse(task.submittedAt) : NaN;
		const json: IDataObject = {
			...normalizeTask({ ...t, id: task.id }),
			...(task.notes ?? {}),
			...(Number.isNaN(submitted) ? {} : { waitedSeconds: Math.round((Date.now() - submitted) / 100) / 10 }),
		};
		if (t.status !== 'completed') {
			fail(taskFailedError(node, task.id, json, i), json);
			return;
		}
		if (task.downloadTo && json.videoUrl) downloads.push({ i, json, url: String(json.videoUrl), field: task.downloadTo, binary: p.binary });
		else out[i] = { json, pairedItem: { item: i } };
	});
	await mapWithConcurrency(downloads, DOWNLOADS_IN_FLIGHT, async (d) => {
		try {
			const binary = await downloadVideo(ctx, d.url, String(d.json.id));
			out[d.i] = { json: d.json, binary: { [d.field]: binary }, pairedItem: { item: d.i } };
		} catch (error) {
			out[d.i] = { json: errorJson(d.json, downloadFailedError(node, d.json, d.url, error as Error, d.i)), pairedItem: { item: d.i } };
		}
	});
	if (!continuesOnFail(ctx) && out.some((o) => o?.json.error))
		ctx.logger.warn(`EvoLink: execution ${ctx.getExecutionId()} resumed with failed tasks; they come out as error items`);
	return out.filter((o): o is INodeExecutionData => !!o);
}
