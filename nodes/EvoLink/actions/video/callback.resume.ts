// Wait Mode "On Callback", second half: EvoLink POSTs to this execution's resume URL.
// The body is never trusted: it only names a task; every task of this execution is
// re-queried, and the execution resumes once all of them have ended.
import type {
	IDataObject,
	IExecuteData,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadVideo } from '../../helpers/download';
import { hintFor } from '../../helpers/errors';
import { isTask, normalizeTask } from '../../helpers/output';
import { errorJson } from '../../helpers/results';
import { getTask, toRequestError } from '../../transport';
import { EvoLinkRequestError } from '../../transport/errors';
import type { ApiTask } from '../../transport/types';
import { TERMINAL_STATUSES } from '../../transport/types';
import { mapWithConcurrency } from '../../wait/concurrency';
import type { ParkedTask } from './callback.common';
import { downloadFailedError, taskFailedError } from './complete';
import { CALLBACK_QUERY_TIMEOUT_MS, PARKED_KEY, answer, continuesOnFail, isParkedTask } from './callback.common';

const QUERIES_IN_FLIGHT = 10;
const DOWNLOADS_IN_FLIGHT = 3;
/** EvoLink waits 10 s for an answer; leave room for n8n's own work. */
const ANSWER_BUDGET_MS = 7_000;

/**
 * Executions this process is resuming. Two callbacks that both see every task ended
 * would both resume; n8n refuses the second (it requires status "waiting"), but only
 * after the second download. This avoids that within one n8n process.
 */
const resuming = new Map<string, number>();
const RESUMING_TTL_MS = 30 * 60_000;
/** The longest wait limit: no callback comes later than that. */
const ENDED_TTL_MS = 24 * 3_600_000;

function claim(executionId: string): boolean {
	const now = Date.now();
	for (const [id, at] of resuming) if (now - at > RESUMING_TTL_MS) resuming.delete(id);
	if (resuming.has(executionId)) return false;
	resuming.set(executionId, now);
	return true;
}

/** n8n's parked stack entry (the node's input and metadata). Not in the public webhook API: used only when present. */
function parkedEntry(ctx: IWebhookFunctions): IExecuteData | undefined {
	const entry = (ctx as unknown as { executeData?: IExecuteData }).executeData;
	if (!entry || entry.node?.name !== ctx.getNode().name || !Array.isArray(entry.data?.main?.[0])) return undefined;
	return entry;
}

/** What execute() wrote on each input item when it parked, in input order. */
function readParked(ctx: IWebhookFunctions): Array<ParkedTask | undefined> {
	let values: unknown;
	try {
		values = ctx.evaluateExpression(`{{ $input.all().map((item) => item.json.${PARKED_KEY} || null) }}`, 0);
	} catch {
		values = parkedEntry(ctx)?.data.main[0]?.map((item) => item.json[PARKED_KEY] ?? null);
	}
	return Array.isArray(values) ? values.map((v) => (isParkedTask(v) ? v : undefined)) : [];
}

type Latest = ApiTask | EvoLinkRequestError;

/** Per execution, the tasks this process has seen ended (a final status never changes). */
const endedByExecution = new Map<string, { at: number; tasks: Map<string, ApiTask> }>();

function endedTasks(executionId: string): Map<string, ApiTask> {
	const now = Date.now();
	for (const [id, e] of endedByExecution) if (now - e.at > ENDED_TTL_MS) endedByExecution.delete(id);
	const entry = endedByExecution.get(executionId) ?? { at: now, tasks: new Map<string, ApiTask>() };
	endedByExecution.set(executionId, entry);
	return entry.tasks;
}

interface Failure {
	itemIndex: number;
	error: NodeOperationError;
	json: IDataObject;
}

export async function resumeOnCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const startedAt = Date.now();
	const body = (this.getBodyData() ?? {}) as IDataObject;
	const callbackId = typeof body.id === 'string' ? body.id : undefined;
	const parked = readParked(this);
	const ids = [...new Set(parked.map((p) => p?.id).filter((id): id is string => !!id))];

	if (ids.length === 0) {
		answer(this, 409, { error: 'This execution is not waiting for EvoLink tasks' });
		return { noWebhookResponse: true };
	}
	if (!callbackId || !ids.includes(callbackId)) {
		// Forged, or a late callback of another node's task: changes nothing.
		this.logger.warn(`EvoLink callback ignored: task ${JSON.stringify(callbackId ?? null).slice(0, 80)} was not submitted by this execution`);
		answer(this, 404, { error: 'Unknown task for this execution' });
		return { noWebhookResponse: true };
	}

	// Confirm the tasks with status queries: the called-back one first, stopping at the first
	// one still running. Ended tasks stay ended, so each is confirmed once per process.
	const ended = endedTasks(this.getExecutionId());
	const latest = new Map<string, Latest>(ended);
	const order = [callbackId, ...ids.filter((id) => id !== callbackId)].filter((id) => !ended.has(id));
	for (let i = 0; i < order.length; i += QUERIES_IN_FLIGHT) {
		if (Date.now() - startedAt > ANSWER_BUDGET_MS) {
			// EvoLink retries; what was confirmed so far is kept for the next call.
			answer(this, 503, { error: 'Could not confirm every task in time; please retry' });
			return { noWebhookResponse: true };
		}
		const batch = order.slice(i, i + QUERIES_IN_FLIGHT);
		const answers = await Promise.all(
			batch.map(async (id): Promise<[string, Latest]> => {
				try {
					return [id, await getTask(this, id, CALLBACK_QUERY_TIMEOUT_MS)];
				} catch (error) {
					return [id, toRequestError(error)];
				}
			}),
		);
		let running = 0;
		for (const [id, v] of answers) {
			if (v instanceof EvoLinkRequestError && (v.transient || v.httpCode === undefined || v.httpCode === 401)) {
				// EvoLink retries on anything but 2xx.
				answer(this, 503, { error: `Could not confirm task ${id} with EvoLink; please retry` });
				return { noWebhookResponse: true };
			}
			latest.set(id, v);
			if (isTask(v) && TERMINAL_STATUSES.includes(v.status)) ended.set(id, v);
			else if (isTask(v)) running++;
		}
		const own = latest.get(callbackId);
		if (isTask(own) && !TERMINAL_STATUSES.includes(own.status)) {
			// EvoLink says it ended but its API does not yet: ask for the callback again.
			answer(this, 503, { error: `Task ${callbackId} is still ${own.status} at EvoLink; please retry` });
			return { noWebhookResponse: true };
		}
		if (running > 0) {
			answer(this, 200, { received: true, resumed: false });
			return { noWebhookResponse: true };
		}
	}
	if (!claim(this.getExecutionId())) {
		answer(this, 200, { received: true, resumed: true });
		return { noWebhookResponse: true };
	}
	// Answer before downloading: a download may take longer than EvoLink waits.
	answer(this, 200, { received: true, resumed: true });
	return { noWebhookResponse: true, workflowData: [await buildOutput(this, parked, latest)] };
}

/** One item per input item, in input order. Never throws: the HTTP answer is already sent. */
async function buildOutput(
	ctx: IWebhookFunctions,
	parked: Array<ParkedTask | undefined>,
	latest: Map<string, Latest>,
): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const continueOnFail = continuesOnFail(node);
	const ok = new Map<number, INodeExecutionData>();
	const failures: Failure[] = [];
	const fail = (itemIndex: number, message: string, json: IDataObject, description?: string) =>
		failures.push({ itemIndex, json, error: new NodeOperationError(node, message, { itemIndex, description }) });
	const downloads: Array<{ itemIndex: number; json: IDataObject; url: string; field: string }> = [];

	parked.forEach((p, i) => {
		if (!p?.id) {
			fail(i, p?.message ?? 'No EvoLink task was created for this item', {});
			return;
		}
		const v = latest.get(p.id);
		if (!isTask(v)) {
			const err = v ?? new EvoLinkRequestError('Task not queried');
			fail(i, `EvoLink task ${p.id}: ${err.message}${err.httpCode ? ` (HTTP ${err.httpCode})` : ''}`, { id: p.id }, hintFor(err));
			return;
		}
		const submitted = p.submittedAt ? Date.parse(p.submittedAt) : NaN;
		const json: IDataObject = {
			...normalizeTask({ ...v, id: p.id }),
			...(Number.isNaN(submitted) ? {} : { waitedSeconds: Math.round((Date.now() - submitted) / 100) / 10 }),
		};
		if (v.status === 'completed') {
			if (p.downloadTo && json.videoUrl) downloads.push({ itemIndex: i, json, url: String(json.videoUrl), field: p.downloadTo });
			else ok.set(i, { json, pairedItem: { item: i } });
			return;
		}
		failures.push({ itemIndex: i, json, error: taskFailedError(node, p.id, json, i) });
	});

	// Without Continue On Fail the node fails anyway: no point downloading.
	if (continueOnFail || failures.length === 0) {
		await mapWithConcurrency(downloads, DOWNLOADS_IN_FLIGHT, async (d) => {
			try {
				const binary = await downloadVideo(ctx, d.url, String(d.json.id));
				ok.set(d.itemIndex, { json: d.json, binary: { [d.field]: binary }, pairedItem: { item: d.itemIndex } });
			} catch (error) {
				failures.push({ itemIndex: d.itemIndex, json: d.json, error: downloadFailedError(node, d.json, d.url, error as Error, d.itemIndex) });
			}
		});
	}
	failures.sort((a, b) => a.itemIndex - b.itemIndex);

	const entry = parkedEntry(ctx);
	// The items go back to how the parent node produced them (they are the parent's output too).
	for (const item of entry?.data.main[0] ?? []) delete item.json[PARKED_KEY];

	if (failures.length > 0 && !continueOnFail && entry) {
		// n8n rethrows this when the resumed node runs: the node fails as in poll mode.
		const first = failures[0].error;
		first.description = [first.description, taskList(parked, latest)].filter(Boolean).join(' ');
		entry.metadata = { ...entry.metadata, resumeError: first } as IExecuteData['metadata'];
	}
	const failed = new Map(failures.map((f) => [f.itemIndex, f]));
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < parked.length; i++) {
		const f = failed.get(i);
		if (f) out.push({ json: errorJson(f.json, f.error), pairedItem: { item: i } });
		const item = ok.get(i);
		if (item && !f) out.push(item);
	}
	return out;
}

function taskList(parked: Array<ParkedTask | undefined>, latest: Map<string, Latest>): string {
	const notes = parked
		.map((p, i) => {
			if (!p?.id) return undefined;
			const v = latest.get(p.id);
			return `item ${i}: ${p.id} (${isTask(v) ? v.status : 'unknown'})`;
		})
		.filter(Boolean);
	return notes.length ? `Tasks in this run: ${notes.join('; ')}.` : '';
}
