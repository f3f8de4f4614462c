import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, toNodeApiError } from '../../helpers/errors';
import { withRetries } from '../../helpers/pause';
import { ItemResults } from '../../helpers/results';
import { getTask, toRequestError } from '../../transport';
import { TASK_ID_PATTERN } from '../../transport/types';
import { mapWithConcurrency } from '../../wait/concurrency';
import type { StartedTask } from './complete';
import { completeTasks } from './complete';
import type { ParamReader, WaitSettings } from './wait.description';
import { readWaitSettings, waitProperties } from './wait.description';

const OPERATION = 'getTask';
const QUERIES_IN_FLIGHT = 5;
const LOOKUP_ATTEMPTS = 3;

/** Task queries are free and safe to repeat: ride out a passing 429/5xx/network error. */
async function lookUp(ctx: IExecuteFunctions, id: string) {
	return await withRetries(
		LOOKUP_ATTEMPTS,
		ctx.getExecutionCancelSignal?.(),
		async () => await getTask(ctx, id),
		(err, attempt) => (err.transient ? Math.min(err.retryAfterMs ?? 1000 * 2 ** (attempt - 1), 30_000) : undefined),
	);
}

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'task-unified-1757169743-7cvnl5zw',
		description: 'The task ID that Generate Video returned',
		displayOptions: { show: { operation: [OPERATION] } },
	},
	...waitProperties(OPERATION, false),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results = new ItemResults(this);
	const node = this.getNode();
	const continueOnFail = this.continueOnFail();
	const getParam = this.getNodeParameter.bind(this) as ParamReader;

	// Nothing here costs credits, but bad input still fails before any request.
	const ids: Array<{ itemIndex: number; id: string }> = [];
	const settings = new Map<number, WaitSettings>();
	for (let i = 0; i < items.length; i++) {
		try {
			const id = String(this.getNodeParameter('taskId', i, '')).trim();
			if (!TASK_ID_PATTERN.test(id)) {
				throw new NodeOperationError(node, id ? `Task ID "${id}" is not an EvoLink task ID` : 'Task ID is required', {
					itemIndex: i,
					description: 'EvoLink task IDs look like task-unified-1757169743-7cvnl5zw (the "id" of Generate Video).',
				});
			}
			try {
				settings.set(i, readWaitSettings(getParam, i));
			} catch (error) {
				throw new NodeOperationError(node, (error as Error).message, { itemIndex: i });
			}
			ids.push({ itemIndex: i, id });
		} catch (error) {
			const nodeError = asNodeError(node, error, i);
			if (!continueOnFail) throw nodeError;
			results.fail(i, nodeError);
		}
	}

	const started: StartedTask[] = [];
	await mapWithConcurrency(ids, QUERIES_IN_FLIGHT, async ({ itemIndex, id }) => {
		try {
			const task = await lookUp(this, id);
			const createdMs = typeof task.created === 'number' ? task.created * 1000 : Date.now();
			started.push({ itemIndex, task, submittedAt: Math.min(createdMs, Date.now()) });
		} catch (error) {
			const nodeError = toNodeApiError(node, toRequestError(error), itemIndex, { prefix: `EvoLink task ${id}` });
			// Without Continue On Fail the run fails anyway: don't wait on the others first.
			if (!continueOnFail) throw nodeError;
			results.fail(itemIndex, nodeError, { id });
		}
	});
	started.sort((a, b) => a.itemIndex - b.itemIndex);
	await completeTasks.call(this, started, results, (i) => settings.get(i)!);
	return results.output(items.length);
}
