// Stage 3 (Wait Mode "Poll"): all tasks are waited on in one loop, their status read in
// batches, each item with its own Timeout and Poll Interval.
import type { IExecuteFunctions } from 'n8n-workflow';

import type { StartedTask } from '../submit/submit';
import type { WaitSettings } from './settings';
import { pause } from './pause';
import { StatusReader } from './status';
import type { WaitOutcome } from './waitForTasks';
import { waitForTasks } from './waitForTasks';

export async function pollUntilEnded(
	ctx: IExecuteFunctions,
	waiting: StartedTask[],
	settingsOf: (itemIndex: number) => WaitSettings,
	reader = new StatusReader(ctx),
): Promise<WaitOutcome[]> {
	const signal = ctx.getExecutionCancelSignal?.();
	// A streaming chat (the node as an agent's tool) sees the render's progress while it waits.
	const streaming = waiting.length > 0 && ctx.isStreaming?.() === true;
	const chunk = (type: 'begin' | 'item' | 'end', text?: string) => {
		if (streaming) ctx.sendChunk(type, 0, text);
	};
	chunk('begin');
	try {
		return await waitFor(ctx, waiting, settingsOf, reader, signal, (text) => chunk('item', text));
	} finally {
		chunk('end');
	}
}

async function waitFor(
	ctx: IExecuteFunctions,
	waiting: StartedTask[],
	settingsOf: (itemIndex: number) => WaitSettings,
	reader: StatusReader,
	signal: AbortSignal | undefined,
	progress: (text: string) => void,
): Promise<WaitOutcome[]> {
	return await waitForTasks(
		waiting.map((s) => ({
			key: s.itemIndex,
			id: s.task.id,
			submittedAt: s.submittedAt,
			estimatedTime: s.task.task_info?.estimated_time,
			last: s.task,
			timeoutMs: settingsOf(s.itemIndex).timeoutMs,
			pollIntervalMs: settingsOf(s.itemIndex).pollIntervalMs,
		})),
		{
			readStatus: async (ids) => await reader.read(ids),
			sleep: async (ms) => {
				await pause(ms, signal);
			},
			now: () => Date.now(),
			signal,
			onPoll: (task, result) => {
				const text = `EvoLink task ${task.id}: ${result instanceof Error ? `query failed: ${result.message}` : `${result.status} ${result.progress ?? 0}%`}`;
				ctx.logger.debug(text);
				if (!(result instanceof Error)) progress(`${text}\n`);
			},
		},
		{ timeoutMs: 15 * 60_000 },
	);
}
