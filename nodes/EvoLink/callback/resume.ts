// Wait Mode "On Callback", second half: EvoLink POSTs to this execution's resume URL. The
// body is never trusted: it only names a task. One status read covers every task of the
// execution; when all have ended, exactly one callback resumes (the one of the task that
// ended last), so n8n webhook processes that each get a callback agree on who downloads.
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

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
import { PARKED_KEY, answer, continuesOnFail, isParkedTask } from './common';

const DOWNLOADS_IN_FLIGHT = 3;
/** EvoLink waits 10 s for an answer: the status read gets a short timeout. */
const CALLBACK_QUERY_TIMEOUT_MS = 4_000;

/**
 * Executions this process is resuming: a retried callback that arrives while the first
 * one is still downloading must not download again. (Across processes the resumer is
 * decided by the tasks' end times, and n8n itself resumes an execution only once.)
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

/** The parked copies of the input items, in input order (n8n gives the parked node's input as $input). */
function readParked(ctx: IWebhookFunctions): Array<{ json: IDataObject; binary?: INodeExecutionData['binary']; task?: ParkedTask }> {
	const items = ctx.evaluateExpression('{{ $input.all() }}', 0);
	if (!Array.isArray(items)) return [];
	return (items as INodeExecutionData[]).map((item) => {
		const task = item?.json?.[PARKED_KEY];
		return { json: item?.json ?? {}, binary: item?.binary, task: isParkedTask(task) ? task : undefined };
	});
}

/** When a task ended (created + duration), if EvoLink says; undefined otherwise. */
const endOf = (t: ApiTask) => (typeof t.created === 'number' && typeof t.duration === 'number' ? t.created + t.duration : undefined);

/**
 * The callback that resumes: the one of the task that ended last (ties: the later item).
 * Every callback reads the same ended tasks, so they all agree. Without end times, any
 * callback that finds all tasks ended resumes (n8n refuses a second resume).
 */
function isResumer(own: string, ids: string[], tasks: Map<string, ApiTask>): boolean {
	const ends = ids.map((id, order) => ({ id, order, end: endOf(tasks.get(id)!) }));
	if (ends.some((e) => e.end === undefined)) return true;
	const last = ends.reduce((a, b) => (b.end! > a.end! || (b.end === a.end && b.order > a.order) ? b : a));
	return last.id === own;
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
	if (!callbackId || !ids.includes(callbackId)) {
		// Forged, or a late callback of another node's task: changes nothing, costs no query.
		this.logger.warn(`EvoLink callback ignored: task ${JSON.stringify(callbackId ?? null).slice(0, 80)} was not submitted by this execution`);
		return reply(404, { error: 'Unknown task for this execution' });
	}

	// One status read for the whole execution (one batch request for up to 50 tasks).
	let read: Map<string, ApiTask | Error>;
	try {
		read = await new StatusReader(this, CALLBACK_QUERY_TIMEOUT_MS).read(ids);
	} catch {
		return reply(503, { error: 'Could not confirm the tasks with EvoLink; please retry' });
	}
	const own = read.get(callbackId);
	if (!isTask(own) || !isTerminal(own)) {
		// Not confirmed (EvoLink says it ended, its API does not yet, or the read failed): ask for the callback again.
		return reply(503, { error: `Task ${callbackId} is not confirmed as ended at EvoLink yet; please retry` });
	}
	const tasks = new Map<string, ApiTask>();
	for (const id of ids) {
		const t = read.get(id);
		if (isTask(t) && isTerminal(t)) tasks.set(id, t);
		else if (t instanceof EvoLinkRequestError && (t.transient || !t.httpCode)) return reply(503, { error: `Could not confirm task ${id}; please retry` });
	}
	if (tasks.size < ids.length) return reply(200, { received: true, resumed: false });
	if (!isResumer(callbackId, ids, tasks) || !claim(this.getExecutionId())) return reply(200, { received: true, resumed: false });

	// Answer before downloading: a download may take longer than EvoLink waits.
	answer(this, 200, { received: true, resumed: true });
	return { noWebhookResponse: true, workflowData: [await buildOutput(this, parked, tasks, read)] };
}

/**
 * One item per input item, in input order. Never throws: the HTTP answer is already sent.
 * A failed task comes out as an error item (the webhook cannot fail the node).
 */
async function buildOutput(
	ctx: IWebhookFunctions,
	parked: ReturnType<typeof readParked>,
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
			const err = read.get(task.id);
			const message = err instanceof EvoLinkRequestError ? `EvoLink task ${task.id}: ${err.message}` : `EvoLink task ${task.id} was not confirmed`;
			fail(Object.assign(new Error(message), { description: err instanceof EvoLinkRequestError ? hintFor(err) : undefined }), { id: task.id });
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
