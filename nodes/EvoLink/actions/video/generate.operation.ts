import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, toNodeApiError } from '../../helpers/errors';
import { isTask } from '../../helpers/output';
import { withRetries } from '../../helpers/pause';
import { ItemResults } from '../../helpers/results';
import type { ModelDefinition } from '../../models';
import { MODELS, buildBody, findModel, modelProperties, validateModel } from '../../models';
import type { Values } from '../../models/fields';
import { CREDENTIAL, baseUrlOf, evoLinkRequest, getTask, isOfficialApi, toRequestError } from '../../transport';
import { EvoLinkRequestError } from '../../transport/errors';
import type { ApiTask } from '../../transport/types';
import { TERMINAL_STATUSES } from '../../transport/types';
import { mapWithConcurrency } from '../../wait/concurrency';
import type { StartedTask } from './complete';
import { completeTasks } from './complete';
import { addCallbackUrl, limitMs, parkForCallbacks } from './callback.park';
import type { ParamReader, WaitSettings } from './wait.description';
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
		// Each model has its own fields: an expression here would show all of them at once.
		noDataExpression: true,
		description: 'The video model. Each model shows its own settings.',
		options: MODELS.map((m) => ({ name: m.displayName, value: m.id, description: m.description })),
		displayOptions: { show: { operation: [OPERATION] } },
	},
	...MODELS.flatMap((m) => modelProperties(m, OPERATION)),
	...waitProperties(OPERATION, true, true),
];

/**
 * Reads every parameter of the model. Which ones count is decided by validation on the
 * parsed values: an expression may give "true" for Multi-Shot, which only parsing turns into true.
 */
function readValues(ctx: IExecuteFunctions, model: ModelDefinition, itemIndex: number): Values {
	return Object.fromEntries(model.fields.map((f) => [f.param, ctx.getNodeParameter(f.param, itemIndex, f.default)]));
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

/** EvoLink's 429 says "retry after 60 seconds" in fallback_suggestion when no Retry-After is sent. */
function suggestedDelayMs(err: EvoLinkRequestError): number | undefined {
	const match = /retry after (\d+) ?s/i.exec(err.body?.error?.fallback_suggestion ?? '');
	return match ? Number(match[1]) * 1000 : undefined;
}

/** The create may have reached EvoLink (timeout, dropped or aborted answer, 5xx): it may exist and be charged. */
function maybeCreated(err: EvoLinkRequestError): boolean {
	return !err.notAccepted && (err.httpCode === undefined || err.httpCode >= 500);
}

/** Creates a task. Retried only when EvoLink certainly did not take it, so no task is paid twice. */
async function createTask(ctx: IExecuteFunctions, body: IDataObject): Promise<ApiTask> {
	return await withRetries(
		CREATE_ATTEMPTS,
		ctx.getExecutionCancelSignal?.(),
		async () => {
			const task: unknown = await evoLinkRequest.call(ctx, 'POST', '/v1/videos/generations', { body });
			if (isTask(task)) return task;
			// Paid for already: keep any id rather than lose it.
			const id = (task as { id?: unknown } | null)?.id;
			if (typeof id === 'string') return { ...(task as object), id, status: 'pending' };
			throw new EvoLinkRequestError('EvoLink answered without a task id');
		},
		(err, attempt) =>
			err.notAccepted
				? Math.min(err.retryAfterMs ?? suggestedDelayMs(err) ?? 2000 * 2 ** (attempt - 1), 60_000)
				: undefined,
	);
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
	const node = this.getNode();
	const results = new ItemResults(this);
	const continueOnFail = this.continueOnFail();
	const officialApi = isOfficialApi(baseUrlOf(await this.getCredentials(CREDENTIAL)));
	const getParam = this.getNodeParameter.bind(this) as ParamReader;
	const callbackMode = isCallbackMode(getParam);

	// Every item is checked (its model settings and how to wait) before anything is paid for.
	let jobs: Array<{ itemIndex: number; body: IDataObject }> = [];
	const settings = new Map<number, WaitSettings>();
	for (let i = 0; i < items.length; i++) {
		try {
			const body = prepare(this, i, officialApi);
			settings.set(i, waitSettings(this, i));
			jobs.push({ itemIndex: i, body });
		} catch (error) {
			const nodeError = asNodeError(node, error, i);
			if (!continueOnFail) throw nodeError;
			results.fail(i, nodeError);
		}
	}
	const limit = callbackMode ? limitMs(getParam('callbackLimit', 0, 1), getParam('callbackLimitUnit', 0, 'hours')) : 0;
	if (callbackMode) jobs = addCallbackUrl(this, jobs, results, officialApi);

	const signal = this.getExecutionCancelSignal?.();
	const started: StartedTask[] = [];
	let stop = false;
	await mapWithConcurrency(jobs, CREATES_IN_FLIGHT, async ({ itemIndex, body }) => {
		if (stop || signal?.aborted) {
			const why = signal?.aborted ? 'the execution was canceled' : 'an earlier item failed';
			results.fail(itemIndex, new NodeOperationError(node, `Not submitted: ${why}`, { itemIndex }));
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
			const err = toRequestError(error);
			const warning = maybeCreated(err)
				? 'EvoLink may have created (and charged) this task anyway: check your EvoLink dashboard before running it again.'
				: undefined;
			results.fail(itemIndex, toNodeApiError(node, err, itemIndex, { model: String(body.model), warning }));
			// Without Continue On Fail the run ends with this error: start no more paid tasks.
			if (!continueOnFail) stop = true;
		}
	});
	started.sort((a, b) => a.itemIndex - b.itemIndex);

	// A failed create ends the run at once; the tasks already created are named in the error.
	if (stop || signal?.aborted) return results.output(items.length);
	const settingsOf = (i: number) => settings.get(i)!;
	try {
		if (callbackMode && !(await allEnded(this, started))) return await parkForCallbacks.call(this, started, results, settingsOf, limit);
		await completeTasks.call(this, started, results, settingsOf);
	} catch (error) {
		// Whatever goes wrong after paying, the error names every task of this run.
		throw results.withTaskList(error as Error);
	}
	for (const { itemIndex } of started)
		if (results.tasks.get(itemIndex)?.status === 'failed') paidFor.delete(items[itemIndex]);
	return results.output(items.length);
}

/** Wait settings of one item, as a node error naming the item. */
function waitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	try {
		return readWaitSettings(ctx.getNodeParameter.bind(ctx) as ParamReader, itemIndex);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex, description: 'Nothing was sent to EvoLink.' });
	}
}

/**
 * Tasks can end (e.g. refused at once) before n8n has saved the execution as waiting;
 * their callbacks would then be refused. One status pass first: if all ended, no parking.
 */
async function allEnded(ctx: IExecuteFunctions, started: StartedTask[]): Promise<boolean> {
	await mapWithConcurrency(started, CREATES_IN_FLIGHT, async (s) => {
		try {
			s.task = await getTask(ctx, s.task.id);
		} catch {
			// unknown: park and let the callback (or the limit) tell
		}
	});
	return started.every((s) => TERMINAL_STATUSES.includes(String(s.task.status)));
}
