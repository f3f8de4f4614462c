// Stage 4: tasks and their outcomes become output items (videos downloaded where asked),
// each keeping its task id, whatever happened.
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { StartedTask } from '../submit/submit';
import { EvoLinkRequestError } from '../transport/errors';
import type { ApiTask } from '../transport/types';
import { mapWithConcurrency } from '../wait/concurrency';
import type { WaitSettings } from '../wait/settings';
import type { WaitOutcome } from '../wait/waitForTasks';
import { downloadVideo } from './download';
import { toNodeError } from './errors';
import { normalizeTask } from './normalize';
import type { ItemResults } from './results';

const DOWNLOADS_IN_FLIGHT = 3;

/** The output json of a task, with the run's own notes (replayed, key, warnings). */
export function taskJson(s: StartedTask, task: ApiTask = s.task): IDataObject {
	const json = normalizeTask({ ...task, id: s.task.id });
	if (s.notes?.replayed !== undefined) json.replayed = s.notes.replayed;
	if (s.notes?.idempotencyKey) json.idempotencyKey = s.notes.idempotencyKey;
	if (s.notes?.warning) json.warning = s.notes.warning;
	return json;
}

/** A task EvoLink reports as failed or cancelled: its code and message, and what the user can do. */
export function taskFailedError(node: INode, id: string, json: IDataObject, itemIndex: number): NodeOperationError {
	const error = (json.error ?? {}) as { code?: string; message?: string };
	const code = String(error.code ?? 'unknown_error');
	const verb = json.status === 'cancelled' ? 'was cancelled' : 'failed';
	return new NodeOperationError(node, `EvoLink task ${id} ${verb}: ${error.message ?? 'unknown error'} (${code})`, {
		itemIndex,
		description: failureHint(code),
	});
}

export function downloadFailedError(node: INode, json: IDataObject, url: string, error: Error, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `Could not download the video of EvoLink task ${String(json.id)}: ${error.message}`, {
		itemIndex,
		description: `The video is ready at ${url} (valid for 24 hours).`,
	});
}

export function formatDuration(ms: number): string {
	if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
	return `${Math.round(ms / 6_000) / 10} min`;
}

function failureHint(code: string): string {
	switch (code) {
		case 'content_policy_violation':
			return 'EvoLink refused the prompt or media under its content policy. Rephrase it and try again. Failed tasks are not charged.';
		case 'invalid_parameters':
			return 'EvoLink rejected the parameters of this task.';
		case 'request_cancelled':
			return 'The task was cancelled at EvoLink (cancelled tasks are refunded).';
		case 'quota_exceeded':
		case 'resource_exhausted':
			return 'EvoLink has no capacity or credits for this task now. Try again later or top up.';
		default:
			return 'Try again, or contact EvoLink support with the task ID.';
	}
}

/** Tasks that are not waited on come out at once, as created. */
export function outputUnwaited(results: ItemResults, started: StartedTask[]) {
	for (const s of started) results.ok(s.itemIndex, taskJson(s));
}

/** Outcomes of waited tasks (same order) become items; completed ones are downloaded where asked. */
export async function finishWaited(
	ctx: IExecuteFunctions,
	waiting: StartedTask[],
	outcomes: WaitOutcome[],
	results: ItemResults,
	settingsOf: (itemIndex: number) => WaitSettings,
	options: { timeoutIsResult?: boolean } = {},
): Promise<void> {
	const node = ctx.getNode();
	const downloads: Array<{ itemIndex: number; json: IDataObject; url: string; field: string }> = [];
	waiting.forEach((s, n) => {
		const outcome = outcomes[n];
		const i = s.itemIndex;
		const id = s.task.id;
		const last = 'task' in outcome ? outcome.task : (outcome.last ?? s.task);
		results.tasks.set(i, { id, status: last.status, progress: last.progress });
		const json: IDataObject = { ...taskJson(s, last), waitedSeconds: Math.round(outcome.waitedMs / 100) / 10 };
		const settings = settingsOf(i);
		switch (outcome.kind) {
			case 'completed':
				if (settings.download && json.videoUrl) downloads.push({ itemIndex: i, json, url: String(json.videoUrl), field: settings.binaryPropertyName });
				else results.ok(i, json);
				return;
			case 'failed':
			case 'cancelled':
				results.fail(i, taskFailedError(node, id, json, i), json);
				return;
			case 'timeout':
				if (options.timeoutIsResult) {
					// An AI agent gets the task back with what to do next, instead of an error.
					results.ok(i, { ...json, timedOut: true, next: `The video is still rendering at EvoLink. Check it later with Get Task and task ID ${id}.` });
					return;
				}
				results.fail(
					i,
					new NodeOperationError(
						node,
						`Timed out after ${formatDuration(settings.timeoutMs)} waiting for EvoLink task ${id} (${last.status}, ${last.progress ?? 0}%)`,
						{
							itemIndex: i,
							description: `The task keeps running at EvoLink. Resume it with the Get Task operation and task ID ${id}, or raise Wait Options → Timeout.`,
						},
					),
					{ ...json, timedOut: true },
				);
				return;
			case 'error':
				results.fail(
					i,
					outcome.error instanceof EvoLinkRequestError
						? toNodeError(node, outcome.error, i, { prefix: `EvoLink task ${id}` })
						: new NodeOperationError(node, `EvoLink task ${id}: ${outcome.error.message}`, { itemIndex: i }),
					json,
				);
				return;
		}
	});

	await mapWithConcurrency(downloads, DOWNLOADS_IN_FLIGHT, async (d) => {
		try {
			const binary = await downloadVideo(ctx, d.url, String(d.json.id));
			results.ok(d.itemIndex, d.json, { [d.field]: binary });
		} catch (error) {
			results.fail(d.itemIndex, downloadFailedError(node, d.json, d.url, error as Error, d.itemIndex), d.json);
		}
	});
}
