import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNodeApiError } from '../../helpers/errors';
import { isTask } from '../../helpers/output';
import { pause } from '../../helpers/pause';
import { ItemResults } from '../../helpers/results';
import type { ModelDefinition } from '../../models';
import { MODELS, buildBody, findModel, modelProperties, validateModel } from '../../models';
import type { Values } from '../../models/fields';
import { matches } from '../../models/fields';
import { CREDENTIAL, baseUrlOf, evoLinkRequest, isOfficialApi, toRequestError } from '../../transport';
import { EvoLinkRequestError } from '../../transport/errors';
import type { ApiTask } from '../../transport/types';
import { mapWithConcurrency } from '../../wait/concurrency';
import type { StartedTask } from './complete';
import { completeTasks } from './complete';
import { addCallbackUrl, parkForCallbacks } from './callback.park';
import { isCallbackMode, readWaitSettings, waitProperties } from './wait.description';

const OPERATION = 'generate';
const CREATES_IN_FLIGHT = 5;
const CREATE_ATTEMPTS = 4;

export const description: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		default: 'wan2.5-text-to-video',
		description: 'The video model. Each model shows its own settings.',
		options: MODELS.map((m) => ({ name: m.displayName, value: m.id, description: m.description })),
		displayOptions: { show: { operation: [OPERATION] } },
	},
	...MODELS.flatMap((m) => modelProperties(m, OPERATION)),
	...waitProperties(OPERATION, true, true),
];

/** Reads the parameters shown for this model and item, in panel order (later fields depend on earlier ones). */
function readValues(ctx: IExecuteFunctions, model: ModelDefinition, itemIndex: number): Values {
	const values: Values = {};
	for (const field of model.fields) {
		if (!matches(field.showWhen, values)) continue;
		values[field.param] = ctx.getNodeParameter(field.param, itemIndex, field.default);
	}
	return values;
}

/** The request body for one item, or an error naming the field and what is allowed. */
function prepare(ctx: IExecuteFunctions, itemIndex: number, officialApi: boolean): IDataObject {
	const node = ctx.getNode();
	const modelId = ctx.getNodeParameter('model', itemIndex) as string;
	const model = findModel(modelId);
	if (!model) {
		throw new NodeOperationError(node, `Model "${modelId}" is not supported`, {
			itemIndex,
			description: `Use one of: ${MODELS.map((m) => m.id).join(', ')}`,
		});
	}
	const { values, issues } = validateModel(model, readValues(ctx, model, itemIndex), { officialApi });
	if (issues.length > 0) {
		throw new NodeOperationError(node, issues[0].message, {
			itemIndex,
			description: `${model.displayName}: ${issues.map((i) => i.message).join('. ')}. Nothing was sent to EvoLink.`,
		});
	}
	return buildBody(model, values) as IDataObject;
}

/** Creates a task. Retried only when EvoLink certainly did not take it, so no task is paid twice. */
async function createTask(ctx: IExecuteFunctions, body: IDataObject): Promise<ApiTask> {
	const signal = ctx.getExecutionCancelSignal?.();
	for (let attempt = 1; ; attempt++) {
		try {
			const task = await evoLinkRequest.call(ctx, 'POST', '/v1/videos/generations', { body });
			if (!isTask(task)) throw new EvoLinkRequestError('EvoLink answered without a task id');
			return task;
		} catch (error) {
			const err = toRequestError(error);
			if (!err.notAccepted || attempt >= CREATE_ATTEMPTS) throw err;
			const delay = Math.min(err.retryAfterMs ?? 2000 * 2 ** (attempt - 1), 60_000);
			if (!(await pause(delay, signal))) throw err;
		}
	}
}

/**
 * Retry On Fail runs the node again with the very same input item objects. Remember the
 * task each item already paid for (per request body), so a retry waits on it instead of
 * buying it twice. A task that failed is forgotten: retrying that one is the point.
 */
const paidFor = new WeakMap<object, Map<string, StartedTask>>();

function remembered(item: object, body: IDataObject): StartedTask | undefined {
	return paidFor.get(item)?.get(JSON.stringify(body));
}

function remember(item: object, body: IDataObject, started: StartedTask) {
	const byBody = paidFor.get(item) ?? new Map<string, StartedTask>();
	byBody.set(JSON.stringify(body), started);
	paidFor.set(item, byBody);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results = new ItemResults(this);
	const continueOnFail = this.continueOnFail();
	const officialApi = isOfficialApi(baseUrlOf(await this.getCredentials(CREDENTIAL)));

	// Every item is checked before anything is paid for.
	let bodies: Array<{ itemIndex: number; body: IDataObject }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			bodies.push({ itemIndex: i, body: prepare(this, i, officialApi) });
		} catch (error) {
			if (!continueOnFail) throw error;
			results.fail(i, error as Error);
		}
	}

	const callbackMode = isCallbackMode(this.getNodeParameter.bind(this));
	if (callbackMode) bodies = addCallbackUrl(this, bodies, results, officialApi);

	const started: StartedTask[] = [];
	let stop = false;
	await mapWithConcurrency(bodies, CREATES_IN_FLIGHT, async ({ itemIndex, body }) => {
		if (stop) {
			results.fail(itemIndex, new NodeOperationError(this.getNode(), 'Not submitted: an earlier item failed', { itemIndex }));
			return;
		}
		const earlier = remembered(items[itemIndex], body);
		if (earlier) {
			started.push({ ...earlier, itemIndex });
			return;
		}
		const submittedAt = Date.now();
		try {
			const task = await createTask(this, body);
			const entry = { itemIndex, task, submittedAt };
			started.push(entry);
			remember(items[itemIndex], body, entry);
			results.tasks.set(itemIndex, { id: task.id, status: task.status, progress: task.progress });
		} catch (error) {
			results.fail(itemIndex, toNodeApiError(this.getNode(), toRequestError(error), itemIndex, { model: String(body.model) }));
			// Without Continue On Fail the run ends with this error: start no more paid tasks.
			if (!continueOnFail) stop = true;
		}
	});
	started.sort((a, b) => a.itemIndex - b.itemIndex);

	// A failed create ends the run at once; the tasks already created are named in the error.
	if (stop) return results.output(items.length);
	if (callbackMode) return await parkForCallbacks.call(this, started, results);
	await completeTasks.call(this, started, results, (i) => readWaitSettings(this.getNodeParameter.bind(this), i));
	for (const { itemIndex } of started)
		if (results.tasks.get(itemIndex)?.status === 'failed') paidFor.delete(items[itemIndex]);
	return results.output(items.length);
}
