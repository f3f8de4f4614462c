// Generate Video: prepare every item → submit the paid creates → wait (poll, or park for
// EvoLink's callback) → output. Each stage lives in its own folder.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parkForCallbacks, readCallbackLimit } from '../../callback/park';
import { callbackUrlOf, withCallbackUrl } from '../../callback/common';
import { DEFAULT_MODEL, MODELS, modelOptions, panelProperties } from '../../models';
import { fromAi, generateToolDescription } from '../../models/tool';
import type { ParamReader } from '../../models/read';
import { asNodeError } from '../../output/errors';
import { finishWaited, outputUnwaited } from '../../output/finish';
import { ItemResults } from '../../output/results';
import { forAgent, isTool } from '../../output/tool';
import { TOOL_TIMEOUT_MINUTES, prepareItems } from '../../submit/prepare';
import { forgetFailed, submitAll } from '../../submit/submit';
import { connectionSettings } from '../../transport/credentials';
import { pollUntilEnded } from '../../wait/poll';
import { isCallbackMode } from '../../wait/settings';
import { StatusReader } from '../../wait/status';
import { waitProperties } from './wait.description';

const OPERATION = 'generate';

/**
 * Version 0.1 (wan2.5 and kling-v3 only) kept these settings at the top level; they are in
 * Options now. n8n drops every parameter a node does not declare, so they stay declared,
 * hidden, and only while they hold a value: models/read.ts reads them when Options lacks them.
 */
const VERSION_01_SETTINGS: Array<{ name: string; displayName: string; models: string[] }> = [
	{ name: 'promptExtend', displayName: 'Prompt Extend', models: ['wan2.5-text-to-video'] },
	{ name: 'negativePrompt', displayName: 'Negative Prompt', models: ['kling-v3-text-to-video'] },
	{ name: 'watermark', displayName: 'Watermark', models: ['kling-v3-text-to-video'] },
	{ name: 'callbackUrl', displayName: 'Callback URL', models: ['wan2.5-text-to-video', 'kling-v3-text-to-video'] },
];

const version01Properties: INodeProperties[] = VERSION_01_SETTINGS.map(({ name, displayName, models }) => ({
	displayName,
	name,
	type: 'hidden',
	default: '',
	// Shown (to n8n: never drawn, being hidden) only while it holds a value, so n8n keeps that value.
	displayOptions: { show: { operation: [OPERATION], model: models, [name]: [{ _cnd: { exists: true } }] } },
}));

export const description: INodeProperties[] = [
	{
		displayName: 'Model Name or ID',
		name: 'model',
		type: 'options',
		default: DEFAULT_MODEL,
		// Each model has its own fields: an expression here would show all of them at once.
		noDataExpression: true,
		description: `The video model (${MODELS.length} EvoLink models, type to search by family or mode). Each model shows its own settings.`,
		options: modelOptions(),
		displayOptions: { show: { operation: [OPERATION] } },
	},
	...MODELS.flatMap((m) => panelProperties(m, { operation: [OPERATION] }, fromAi)),
	// As an AI tool: what the agent is told, made from the chosen model (n8n adds no description of its own then).
	...MODELS.map(
		(m): INodeProperties => ({
			displayName: 'Tool Description',
			name: 'toolDescription',
			type: 'string',
			default: generateToolDescription(m, TOOL_TIMEOUT_MINUTES, { count: MODELS.length, families: [...new Set(MODELS.map((x) => x.family))] }),
			typeOptions: { rows: 6 },
			description: 'What the AI agent is told about this tool: the model, its settings and what comes back',
			displayOptions: { show: { '@tool': [true], operation: [OPERATION], model: [m.id] } },
		}),
	),
	...version01Properties,
	...waitProperties(OPERATION, true, true),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results = new ItemResults(this);
	const asTool = isTool(this);
	const conn = await connectionSettings(this);
	const getParam = this.getNodeParameter.bind(this) as ParamReader;
	const callbackMode = isCallbackMode(getParam);

	// 1. Every item is checked (model settings, media, how to wait) before anything is paid for.
	let prepared = await forAgent(this, async () => await prepareItems(this, results, conn));
	const limit = callbackMode ? readCallbackLimit(getParam) : 0;
	const parentUrl = callbackMode ? callbackUrlOf(this, conn) : '';
	if (callbackMode) prepared = withCallbackUrl(this, prepared, results, parentUrl);

	// 2. The paid creates. A failed create ends the run at once (without Continue On Fail); the error names every task.
	const { started, stopped } = await submitAll(this, prepared, results);
	if (stopped) return forAgent(this, () => results.output(items.length));

	const settingsOf = (i: number) => prepared.find((p) => p.itemIndex === i)!.wait;
	const reader = new StatusReader(this);
	try {
		// 3. Wait: park until the tasks have ended (EvoLink calls back; a watch checks), or poll.
		if (callbackMode) return await parkForCallbacks(this, started, results, settingsOf, limit, parentUrl);
		const waiting = started.filter((s) => settingsOf(s.itemIndex).wait);
		outputUnwaited(results, started.filter((s) => !settingsOf(s.itemIndex).wait));
		const outcomes = await pollUntilEnded(this, waiting, settingsOf, reader);
		// 4. Output (downloads included). An agent gets a long render back as a task to check later.
		await finishWaited(this, waiting, outcomes, results, settingsOf, { timeoutIsResult: asTool });
		forgetFailed(this, waiting, (s) => ['failed', 'cancelled'].includes(String(results.tasks.get(s.itemIndex)?.status)));
	} catch (error) {
		// Whatever goes wrong after paying, the error names every task of this run.
		throw results.withSummary(asNodeError(this.getNode(), error));
	}
	return forAgent(this, () => results.output(items.length));
}
