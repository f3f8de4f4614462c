import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { downloadVideo } from '../../helpers/download';
import { asNodeError, toNodeApiError } from '../../helpers/errors';
import { normalizeTask } from '../../helpers/output';
import type { ItemResults } from '../../helpers/results';
import { EvoLinkRequestError } from '../../transport/errors';
import { getTask } from '../../transport';
import type { ApiTask } from '../../transport/types';
import { mapWithConcurrency } from '../../wait/concurrency';
import type { WaitOutcome } from '../../wait/waitForTasks';
import { WaitCancelledError, waitForTasks } from '../../wait/waitForTasks';
import type { WaitSettings } from './wait.description';

/** A task this run created or looked up, for one input item. */
export interface StartedTask {
	itemIndex: number;
	task: ApiTask;
	/** ms epoch; for a looked-up task, when it was created. */
	submittedAt: number;
}

const DOWNLOADS_IN_FLIGHT = 3;

/**
 * Turns started tasks into output: at once, or after waiting on all of them together
 * (and downloading the videos). Every outcome keeps the task id.
 */
export async function completeTasks(
	this: IExecuteFunctions,
	started: StartedTask[],
	results: ItemResults,
	settingsOf: (itemIndex: number) => WaitSettings,
): Promise<void> {
	const node = this.getNode();
	for (const s of started) results.tasks.set(s.itemIndex, { id: s.task.id, status: s.task.status, progress: s.task.progress });
	const waiting = started.filter((s) => settingsOf(s.itemIndex).wait);
	for (const s of started) if (!settingsOf(s.itemIndex).wait) results.ok(s.itemIndex, normalizeTask(s.task));
	if (waiting.length === 0) return;

	// One loop for all items: the timeout and interval of the first item apply to the whole wait.
	const { timeoutMs, pollIntervalMs } = settingsOf(waiting[0].itemIndex);
	let outcomes: WaitOutcome[];
	try {
		outcomes = await waitForTasks(
			waiting.map((s) => ({
				key: s.itemIndex,
				id: s.task.id,
				submittedAt: s.submittedAt,
				estimatedTime: s.task.task_info?.estimated_time,
				last: s.task,
			})),
			{
				getTask: async (id) => await getTask(this, id),
				sleep: async (ms) => await sleep(ms),
				now: () => Date.now(),
				signal: this.getExecutionCancelSignal?.(),
				onPoll: (task, result) =>
					this.logger.debug(
						`EvoLink task ${task.id}: ${result instanceof Error ? `query failed: ${result.message}` : `${result.status} ${result.progress ?? ''}`}`,
					),
			},
			{ timeoutMs, pollIntervalMs },
		);
	} catch (error) {
		if (error instanceof WaitCancelledError) {
			throw new NodeOperationError(node, error.message, {
				description: 'The execution was stopped; the tasks keep running at EvoLink. Resume them with Get Task.',
			});
		}
		throw asNodeError(node, error);
	}

	const downloads: Array<{ itemIndex: number; json: IDataObject; url: string; binaryPropertyName: string }> = [];
	waiting.forEach((s, n) => {
		const outcome = outcomes[n];
		const i = s.itemIndex;
		const id = s.task.id;
		const last = 'task' in outcome ? outcome.task : (outcome.last ?? s.task);
		results.tasks.set(i, { id, status: last.status, progress: last.progress });
		const waitedSeconds = Math.round(outcome.waitedMs / 100) / 10;
		const json: IDataObject = { ...normalizeTask({ ...last, id }), waitedSeconds };
		switch (outcome.kind) {
			case 'completed': {
				const settings = settingsOf(i);
				if (settings.download && json.videoUrl) {
					downloads.push({ itemIndex: i, json, url: String(json.videoUrl), binaryPropertyName: settings.binaryPropertyName });
				} else results.ok(i, json);
				return;
			}
			case 'failed':
				results.fail(i, taskFailedError(node, id, json, i), json);
				return;
			case 'timeout':
				results.fail(
					i,
					new NodeOperationError(
						node,
						`Timed out after ${formatDuration(timeoutMs)} waiting for EvoLink task ${id} (${last.status}, ${last.progress ?? 0}%)`,
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
						? toNodeApiError(node, outcome.error, i, { prefix: `EvoLink task ${id}` })
						: new NodeOperationError(node, `EvoLink task ${id}: ${outcome.error.message}`, { itemIndex: i }),
					json,
				);
				return;
		}
	});

	await mapWithConcurrency(downloads, DOWNLOADS_IN_FLIGHT, async (d) => {
		try {
			const binary = await downloadVideo(this, d.url, String(d.json.id));
			results.ok(d.itemIndex, d.json, { [d.binaryPropertyName]: binary });
		} catch (error) {
			results.fail(d.itemIndex, downloadFailedError(node, d.json, d.url, error as Error, d.itemIndex), d.json);
		}
	});
}

/** A task EvoLink reports as failed: its code and message, and what the user can do. */
export function taskFailedError(node: INode, id: string, json: IDataObject, itemIndex: number): NodeOperationError {
	const error = (json.error ?? {}) as { code?: string; message?: string };
	const code = String(error.code ?? 'unknown_error');
	return new NodeOperationError(node, `EvoLink task ${id} failed: ${error.message ?? 'unknown error'} (${code})`, {
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

function formatDuration(ms: number): string {
	if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
	return `${Math.round(ms / 6_000) / 10} min`;
}

function failureHint(code: string): string {
	switch (code) {
		case 'content_policy_violation':
			return 'EvoLink refused the prompt under its content policy. Rephrase it and try again.';
		case 'invalid_parameters':
			return 'EvoLink rejected the parameters of this task.';
		case 'quota_exceeded':
		case 'resource_exhausted':
			return 'EvoLink has no capacity or credits for this task now. Try again later or top up.';
		default:
			return 'Try again, or contact EvoLink support with the task ID.';
	}
}
