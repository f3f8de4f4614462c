// Stage 2 of Generate Video: the paid creates, 5 at a time, each with its Idempotency-Key.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../output/errors';
import type { ItemResults } from '../output/results';
import { toRequestError } from '../transport/request';
import type { ApiTask } from '../transport/types';
import { mapWithConcurrency } from '../wait/concurrency';
import { CreateError, createTask } from './create';
import { canonicalJson, idempotencyKey } from './idempotency';
import type { PreparedItem } from './prepare';

const CREATES_IN_FLIGHT = 5;

/** A task this run created (or looked up) for one input item. */
export interface StartedTask {
	itemIndex: number;
	task: ApiTask;
	/** ms epoch; for a looked-up task, when it was created. */
	submittedAt: number;
	/** Output notes: replayed by EvoLink's ledger, its key, an unconfirmed earlier try. */
	notes?: { replayed?: boolean; idempotencyKey?: string; warning?: string };
}

/**
 * Retry On Fail runs the node again with the very same input item objects: the task each
 * item already has is waited on again without even asking EvoLink. A task that FAILED
 * counts a failure instead, and the next try gets a new key: retrying it is the point.
 */
const earlier = new WeakMap<object, Map<string, { started?: StartedTask; failures: number }>>();

function memory(item: object, intent: string) {
	const byIntent = earlier.get(item) ?? new Map<string, { started?: StartedTask; failures: number }>();
	earlier.set(item, byIntent);
	const entry = byIntent.get(intent) ?? { failures: 0 };
	byIntent.set(intent, entry);
	return entry;
}

/** After waiting: a failed task makes the next try of its item a new request. */
export function forgetFailed(ctx: IExecuteFunctions, started: StartedTask[], failed: (s: StartedTask) => boolean) {
	const items = ctx.getInputData();
	for (const s of started) {
		const byIntent = earlier.get(items[s.itemIndex]);
		for (const entry of byIntent?.values() ?? [])
			if (entry.started?.task.id === s.task.id && failed(s)) {
				entry.started = undefined;
				entry.failures++;
			}
	}
}

/**
 * What makes this run this run. n8n 2.x gives every execution a random resume token when
 * it is created and keeps it when the execution is retried (*Retry* after a crash is a new
 * execution id over the same data), so creates of a retry carry the same keys as the
 * original's and EvoLink replays them. n8n 1.x has no token: the execution id.
 */
function runIdentity(ctx: IExecuteFunctions): string {
	try {
		const token = new URL(String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0))).searchParams.get('signature');
		if (token) return `token:${token}`;
	} catch {
		// no resume URL: the execution id
	}
	return String(ctx.getExecutionId() ?? 'no-execution');
}

const UNCONFIRMED =
	'An earlier try of this create got no answer, and EvoLink did not confirm this as the same task (no Idempotency-Replayed header). If the server keeps no idempotency ledger, a second task may exist: check Get Many Tasks.';

export async function submitAll(ctx: IExecuteFunctions, prepared: PreparedItem[], results: ItemResults): Promise<{ started: StartedTask[]; stopped: boolean }> {
	const node = ctx.getNode();
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const signal = ctx.getExecutionCancelSignal?.();
	const executionId = runIdentity(ctx);
	const runIndex = Number(ctx.evaluateExpression('{{ $runIndex }}', 0)) || 0;
	const started: StartedTask[] = [];
	let stop = false;

	await mapWithConcurrency(prepared, CREATES_IN_FLIGHT, async ({ itemIndex, body, intent, model }) => {
		if (stop || signal?.aborted) {
			const why = signal?.aborted ? 'the execution was canceled' : 'an earlier item failed';
			results.fail(itemIndex, new NodeOperationError(node, `Not submitted: ${why}`, { itemIndex, description: 'Nothing was sent to EvoLink for this item.' }));
			return;
		}
		const remembered = memory(items[itemIndex], canonicalJson(intent));
		if (remembered.started) {
			started.push({ ...remembered.started, itemIndex });
			return;
		}
		const key = idempotencyKey({ executionId, nodeId: node.id, runIndex, itemIndex, body: { intent, retry: remembered.failures } });
		const submittedAt = Date.now();
		try {
			const { task, replayed, unconfirmed } = await createTask(ctx, body, key, signal);
			const entry: StartedTask = { itemIndex, task, submittedAt, notes: { replayed, idempotencyKey: key, ...(unconfirmed ? { warning: UNCONFIRMED } : {}) } };
			started.push(entry);
			remembered.started = entry;
			results.tasks.set(itemIndex, { id: task.id, status: task.status, progress: task.progress });
		} catch (error) {
			const failure = error instanceof CreateError ? error : undefined;
			const warning = failure?.mayExist
				? `EvoLink may have created (and charged) this task anyway: the create (Idempotency-Key ${key}) reached EvoLink but no answer confirmed it. Look for it with Get Many Tasks before running it again.`
				: undefined;
			const err = failure?.reason ?? toRequestError(error);
			results.fail(itemIndex, toNodeError(node, err, itemIndex, { model: model.id, warning }));
			// Without Continue On Fail the run ends with this error: start no more paid tasks.
			if (!continueOnFail) stop = true;
		}
	});
	started.sort((a, b) => a.itemIndex - b.itemIndex);
	return { started, stopped: stop || signal?.aborted === true };
}
