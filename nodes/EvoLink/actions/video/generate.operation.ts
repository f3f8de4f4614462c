// Generate Video: prepare every item → submit the paid creates → wait (poll, or park for
// EvoLink's callback) → output. Each stage lives in its own folder.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parkForCallbacks, readCallbackLimit } from '../../callback/park';
import { resumeUrlFor } from '../../callback/common';
import { DEFAULT_MODEL, MODELS, modelOptions, panelProperties } from '../../models';
import type { ParamReader } from '../../models/read';
import { asNodeError } from '../../output/errors';
import { finishWaited, outputUnwaited } from '../../output/finish';
import { ItemResults } from '../../output/results';
import { forAgent, isTool } from '../../output/tool';
import { prepareItems } from '../../submit/prepare';
import { forgetFailed, submitAll } from '../../submit/submit';
import { connectionSettings } from '../../transport/credentials';
import { pollUntilEnded } from '../../wait/poll';
import { isCallbackMode } from '../../wait/settings';
import { StatusReader } from '../../wait/status';
import { waitProperties } from './wait.description';

const OPERATION = 'generate';

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
	...MODELS.flatMap((m) => panelProperties(m, { operation: [OPERATION] })),
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
	if (callbackMode) prepared = resumeUrlFor(this, prepared, results, conn);

	// 2. The paid creates. A failed create ends the run at once (without Continue On Fail); the error names every task.
	const { started, stopped } = await submitAll(this, prepared, results);
	if (stopped) return forAgent(this, () => results.output(items.length));

	const settingsOf = (i: number) => prepared.find((p) => p.itemIndex === i)!.wait;
	const reader = new StatusReader(this);
	try {
		// 3. Wait: park until EvoLink calls back, or poll.
		if (callbackMode) {
			const parked = await parkForCallbacks(this, started, results, settingsOf, limit, reader);
			if (parked) return parked;
		}
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
