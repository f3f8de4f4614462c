// Stage 1 of Generate Video: every item is checked (model settings, media, how to wait)
// and its request body built, before anything is paid for.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { binaryInputs, readBinaryInputs, Uploads } from '../media/upload';
import type { PreparedFile } from '../media/upload';
import type { ModelDefinition } from '../models';
import { MODELS, buildBody, findModel, validateModel, visibleFields } from '../models';
import type { MediaField } from '../models/fields';
import { readModelValues } from '../models/read';
import type { ParamReader } from '../models/read';
import type { ItemResults } from '../output/results';
import { asNodeError, toNodeError } from '../output/errors';
import type { ConnectionSettings } from '../transport/credentials';
import { isTool } from '../output/tool';
import { toRequestError } from '../transport/request';
import type { WaitSettings } from '../wait/settings';
import { readWaitSettings } from '../wait/settings';

export interface PreparedItem {
	itemIndex: number;
	model: ModelDefinition;
	/** What is sent. */
	body: IDataObject;
	/** What makes it the same request for the idempotency key: uploads named by their content. */
	intent: IDataObject;
	wait: WaitSettings;
}

const NOTHING_SENT = 'Nothing was sent to EvoLink.';
/** As an AI tool the default wait is short: a longer render comes back as a task ID to check later. */
export const TOOL_TIMEOUT_MINUTES = 4;

function modelOf(ctx: IExecuteFunctions, itemIndex: number): ModelDefinition {
	const raw = String(ctx.getNodeParameter('model', itemIndex, '') ?? '');
	const model = findModel(raw.trim());
	if (model) return model;
	// An expression reached Model (it is meant to be picked from the list): say what it gave.
	let shown = raw;
	if (raw.includes('{{')) {
		try {
			// evaluateExpression puts the "=" in front itself (n8n stripped it: Model takes no expressions).
			shown = String(ctx.evaluateExpression(raw.startsWith('=') ? raw.slice(1) : raw, itemIndex));
		} catch {
			shown = raw;
		}
	}
	if (findModel(shown.trim()))
		throw new NodeOperationError(ctx.getNode(), `Model must be picked from the list, not set by an expression (it gave "${shown}")`, {
			itemIndex,
			description: `Each model has its own settings, which the panel shows for the model picked. ${NOTHING_SENT}`,
		});
	throw new NodeOperationError(ctx.getNode(), `Model "${shown}" is not supported`, {
		itemIndex,
		description: `Pick the model from the list (Model does not take expressions). Models: ${MODELS.map((m) => m.id).join(', ')}. ${NOTHING_SENT}`,
	});
}

/** Checks one item: its model's values and its wait settings. */
function check(ctx: IExecuteFunctions, itemIndex: number, conn: ConnectionSettings) {
	const model = modelOf(ctx, itemIndex);
	const getParam = ctx.getNodeParameter.bind(ctx) as ParamReader;
	const raw = readModelValues(getParam, ctx.getNode(), model.fields, itemIndex);
	const { values, issues } = validateModel(model, raw, { allowLocalCallbacks: conn.allowLocalCallbacks });
	if (issues.length > 0) {
		throw new NodeOperationError(ctx.getNode(), issues[0].message, {
			itemIndex,
			description: `${model.displayName}: ${issues.map((i) => i.message).join('. ')}. ${NOTHING_SENT}`,
		});
	}
	let wait: WaitSettings;
	try {
		// An agent waits a few minutes at most by default, then gets the task ID back.
		wait = readWaitSettings(getParam, itemIndex, { timeoutMinutes: isTool(ctx) ? TOOL_TIMEOUT_MINUTES : undefined });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex, description: NOTHING_SENT });
	}
	return { model, values, wait };
}

/**
 * Checks every item, then reads and checks their binary media, then uploads it (free),
 * then builds the bodies. A bad item fails the run before any paid request, or becomes
 * an error item under Continue On Fail.
 */
export async function prepareItems(ctx: IExecuteFunctions, results: ItemResults, conn: ConnectionSettings): Promise<PreparedItem[]> {
	const node = ctx.getNode();
	const continueOnFail = ctx.continueOnFail();
	const fail = (itemIndex: number, error: unknown) => {
		const nodeError = asNodeError(node, error, itemIndex);
		if (!continueOnFail) throw nodeError;
		results.fail(itemIndex, nodeError);
	};

	const checked: Array<ReturnType<typeof check> & { itemIndex: number; files: PreparedFile[] }> = [];
	for (let i = 0; i < ctx.getInputData().length; i++) {
		try {
			checked.push({ itemIndex: i, files: [], ...check(ctx, i, conn) });
		} catch (error) {
			fail(i, error);
		}
	}
	for (const c of [...checked]) {
		const media = visibleFields(c.model, c.values).filter((f): f is MediaField => f.type === 'media');
		try {
			c.files = await readBinaryInputs(ctx, c.itemIndex, binaryInputs(media, c.values));
		} catch (error) {
			checked.splice(checked.indexOf(c), 1);
			const message = error instanceof Error ? error.message : String(error);
			fail(c.itemIndex, new NodeOperationError(node, message, { itemIndex: c.itemIndex, description: NOTHING_SENT }));
		}
	}

	const uploads = new Uploads(ctx, conn.filesUrl, `${ctx.getExecutionId()}/${node.id}`);
	const prepared: PreparedItem[] = [];
	for (const c of checked) {
		const urls: Record<string, string[]> = {};
		const named: Record<string, string[]> = {};
		try {
			for (const file of c.files) {
				(urls[file.field.param] ??= []).push(await uploads.url(file));
				(named[file.field.param] ??= []).push(`sha256:${file.hash}`);
			}
		} catch (error) {
			const err = toRequestError(error);
			fail(c.itemIndex, toNodeError(node, err, c.itemIndex, { prefix: 'EvoLink Files API', warning: `The upload of a binary input failed. ${NOTHING_SENT}` }));
			continue;
		}
		prepared.push({
			itemIndex: c.itemIndex,
			model: c.model,
			body: buildBody(c.model, c.values, urls) as IDataObject,
			intent: buildBody(c.model, c.values, named) as IDataObject,
			wait: c.wait,
		});
	}
	return prepared;
}
