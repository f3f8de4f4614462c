// Get Task: one or more task IDs per item, read in batches, optionally waited on.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ParamReader } from '../../models/read';
import { splitList } from '../../models/read';
import { asNodeError, toNodeError } from '../../output/errors';
import { finishWaited, outputUnwaited } from '../../output/finish';
import { ItemResults } from '../../output/results';
import { forAgent, isTool } from '../../output/tool';
import type { StartedTask } from '../../submit/submit';
import { TOOL_TIMEOUT_MINUTES } from '../../submit/prepare';
import { EvoLinkRequestError } from '../../transport/errors';
import { TASK_ID_PATTERN } from '../../transport/types';
import { pause } from '../../wait/pause';
import { pollUntilEnded } from '../../wait/poll';
import type { WaitSettings } from '../../wait/settings';
import { readWaitSettings } from '../../wait/settings';
import { StatusReader } from '../../wait/status';
import type { StatusRead } from '../../wait/waitForTasks';
import { toolDescriptionProperty, waitProperties } from './wait.description';
import { GET_TASK_TOOL_DESCRIPTION } from '../../models/tool';

const OPERATION = 'getTask';
const LOOKUP_ATTEMPTS = 3;

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'task-unified-1757169743-7cvnl5zw',
		description: 'The ID that Generate Video returned. Several IDs (one per line, comma-separated, or an array) give one output item each.',
		displayOptions: { show: { operation: [OPERATION] }, hide: { '@tool': [true] } },
	},
	{
		// As an AI tool the agent gives the IDs.
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '={{ $fromAI("taskId", "The EvoLink task ID (task-unified-…) that Generate Video returned; several separated by commas", "string") }}',
		displayOptions: { show: { operation: [OPERATION], '@tool': [true] } },
	},
	...waitProperties(OPERATION, false),
	toolDescriptionProperty(OPERATION, GET_TASK_TOOL_DESCRIPTION),
];

/** One output item: a task ID of an input item (or the error of an input item without a valid ID). */
interface Slot {
	itemIndex: number;
	id?: string;
	wait?: WaitSettings;
}

function readSlots(ctx: IExecuteFunctions, itemIndex: number): Slot[] {
	const node = ctx.getNode();
	const ids = splitList(ctx.getNodeParameter('taskId', itemIndex, ''), /[\n,]/);
	if (ids.length === 0) throw new NodeOperationError(node, 'Task ID is required', { itemIndex });
	const bad = ids.find((id) => !TASK_ID_PATTERN.test(id));
	if (bad)
		throw new NodeOperationError(node, `Task ID "${bad.slice(0, 80)}" is not an EvoLink task ID`, {
			itemIndex,
			description: 'EvoLink task IDs look like task-unified-1757169743-7cvnl5zw (the "id" of Generate Video).',
		});
	let wait: WaitSettings;
	try {
		const getParam = ctx.getNodeParameter.bind(ctx) as ParamReader;
		wait = readWaitSettings(getParam, itemIndex, { timeoutMinutes: isTool(ctx) ? TOOL_TIMEOUT_MINUTES : undefined });
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
	return ids.map((id) => ({ itemIndex, id, wait }));
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const continueOnFail = this.continueOnFail();
	// Results are kept per slot (one per task ID); pairedItem points back at the input item.
	const results = new ItemResults(this);
	const slots: Slot[] = [];
	await forAgent(this, () => {
		this.getInputData().forEach((_item, i) => {
			try {
				slots.push(...readSlots(this, i));
			} catch (error) {
				const nodeError = asNodeError(node, error, i);
				if (!continueOnFail) throw nodeError;
				results.fail(slots.push({ itemIndex: i }) - 1, nodeError);
			}
		});
	});

	const reader = new StatusReader(this);
	const ids = [...new Set(slots.map((s) => s.id).filter((id): id is string => !!id))];
	const found = await readWithRetries(this, reader, ids);
	const started: StartedTask[] = [];
	slots.forEach((slot, n) => {
		if (!slot.id) return;
		const answer = found.get(slot.id);
		if (!answer || answer instanceof Error) {
			const err = answer instanceof EvoLinkRequestError ? answer : new EvoLinkRequestError(answer?.message ?? 'did not answer');
			results.fail(n, toNodeError(node, err, slot.itemIndex, { prefix: `EvoLink task ${slot.id}` }), { id: slot.id });
			return;
		}
		const createdMs = typeof answer.created === 'number' ? answer.created * 1000 : Date.now();
		started.push({ itemIndex: n, task: answer, submittedAt: Math.min(createdMs, Date.now()) });
	});
	// Without Continue On Fail an unknown ID fails the run at once: no waiting on the others first.
	if (!continueOnFail && results.hasFailures()) return pairBack(await forAgent(this, () => results.output(slots.length)), slots);

	const settingsOf = (n: number) => slots[n].wait!;
	const waiting = started.filter((s) => settingsOf(s.itemIndex).wait);
	outputUnwaited(results, started.filter((s) => !settingsOf(s.itemIndex).wait));
	try {
		const outcomes = await pollUntilEnded(this, waiting, settingsOf, reader);
		await finishWaited(this, waiting, outcomes, results, settingsOf, { timeoutIsResult: isTool(this) });
	} catch (error) {
		// A cancelled wait: the error keeps its advice and names every task.
		throw results.withSummary(asNodeError(node, error));
	}
	return pairBack(await forAgent(this, () => results.output(slots.length)), slots);
}

/** Slot numbers back to the input items that named the IDs. */
function pairBack(items: INodeExecutionData[], slots: Slot[]): INodeExecutionData[] {
	return items.map((item) => ({ ...item, pairedItem: { item: slots[(item.pairedItem as { item: number }).item].itemIndex } }));
}

/** Lookups are free and safe to repeat: ride out a passing 429/5xx/network error. */
async function readWithRetries(ctx: IExecuteFunctions, reader: StatusReader, ids: string[]): Promise<StatusRead> {
	for (let attempt = 1; ; attempt++) {
		let err: EvoLinkRequestError;
		try {
			const read = await reader.read(ids);
			const transient = ids.filter((id) => { const r = read.get(id); return r instanceof EvoLinkRequestError && r.transient; });
			if (transient.length === 0 || attempt >= LOOKUP_ATTEMPTS) return read;
			err = read.get(transient[0]) as EvoLinkRequestError;
		} catch (error) {
			err = error instanceof EvoLinkRequestError ? error : new EvoLinkRequestError(String(error));
			if (!err.transient || attempt >= LOOKUP_ATTEMPTS) return new Map(ids.map((id) => [id, err]));
		}
		if (!(await pause(Math.min(err.retryAfterMs ?? 1000 * 2 ** (attempt - 1), 30_000), ctx.getExecutionCancelSignal?.())))
			return new Map(ids.map((id) => [id, err]));
	}
}
