// Wait Mode "On Callback", first half: the tasks were submitted with this execution's
// resume URL as callback_url; start the watch, note each item's task on a copy of the item, park.
import { randomBytes } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ParamReader } from '../models/read';
import type { ItemResults } from '../output/results';
import type { StartedTask } from '../submit/submit';
import type { WaitSettings } from '../wait/settings';
import type { ParkedTask } from './common';
import { NO_CALLBACK, PARKED_KEY } from './common';
import type { WatchState } from './watch';
import { watchWorkflow } from './watch';

const MIN_LIMIT_MS = 60_000; // n8n's wait tracker looks for due executions every 60 s
const MAX_LIMIT_MS = 24 * 3_600_000; // result URLs expire after 24 h

export function limitMs(amount: unknown, unit: unknown): number {
	const n = Number(amount);
	const ms = (Number.isFinite(n) ? n : 1) * (unit === 'minutes' ? 60_000 : 3_600_000);
	return Math.min(Math.max(ms, MIN_LIMIT_MS), MAX_LIMIT_MS);
}

export function readCallbackLimit(getParam: ParamReader): number {
	return limitMs(getParam('callbackLimit', 0, 1), getParam('callbackLimitUnit', 0, 'hours'));
}

/** Room after the limit for the watch's own "limit passed" message to arrive first. */
const LAST_RESORT_MS = 3 * 60_000;

/**
 * Starts the watch of this execution (callback/watch.ts): an inline sub-workflow that n8n
 * runs at check-ins and callbacks, the one place that decides all tasks have ended.
 * Undefined when it cannot start: EvoLink's callbacks then resume the execution directly.
 */
async function startWatch(ctx: IExecuteFunctions, state: WatchState): Promise<string | undefined> {
	const node = ctx.getNode();
	const workflow = ctx.getWorkflow();
	try {
		const result = await ctx.executeWorkflow(
			{ code: watchWorkflow(node.type.split('.')[0], node.credentials as IDataObject | undefined, workflow) },
			[{ json: state as unknown as IDataObject }],
			undefined,
			// n8n must not resume this execution when the watch ends: the watch calls it back itself.
			{ parentExecution: { executionId: String(ctx.getExecutionId()), workflowId: String(workflow.id), shouldResume: false } },
		);
		const url = result?.data?.[0]?.[0]?.json?.watchUrl;
		return typeof url === 'string' ? url : undefined;
	} catch (error) {
		ctx.logger.warn(`EvoLink: the watch of execution ${ctx.getExecutionId()} did not start (${(error as Error).message}); waiting for EvoLink's callbacks only`);
		return undefined;
	}
}

/**
 * Parks the execution until its tasks have ended (EvoLink's callbacks, checked by the watch)
 * or the limit passes. The input items are not touched: the parked node keeps copies that
 * carry their task (json.evolinkTask), the copies n8n stores for the parked node and
 * forwards if nothing resumes it by the limit.
 */
export async function parkForCallbacks(
	ctx: IExecuteFunctions,
	started: StartedTask[],
	results: ItemResults,
	settingsOf: (itemIndex: number) => WaitSettings,
	limit: number,
	parentUrl: string,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	// Nothing to wait for: every item already failed (Continue On Fail).
	if (started.length === 0) return results.output(items.length);

	const limitAt = Date.now() + limit;
	const token = randomBytes(18).toString('hex');
	const watchUrl = await startWatch(ctx, {
		parentUrl,
		token,
		limitAt,
		tasks: started.map((s) => ({ id: s.task.id, expectedAt: s.submittedAt + 1000 * (s.task.task_info?.estimated_time ?? 60) })),
	});
	const waitTill = new Date(limitAt + (watchUrl ? LAST_RESORT_MS : 0));
	const limitText = new Date(limitAt).toISOString();
	const errors = new Map<number, string>();
	// Only Continue On Fail leaves failed items here; output() gives their error items.
	for (const e of results.output(items.length)) errors.set((e.pairedItem as { item: number }).item, String(e.json.error ?? 'Failed'));
	const byItem = new Map(started.map((s) => [s.itemIndex, s]));

	const parked: INodeExecutionData[] = items.map((item, i) => {
		const s = byItem.get(i);
		const settings = s ? settingsOf(i) : undefined;
		const task: ParkedTask = s
			? {
					id: s.task.id,
					status: NO_CALLBACK,
					message: `No answer from EvoLink before the wait limit (${limitText}). The task may still be running: check it with Get Task and this task ID.`,
					submittedAt: new Date(s.submittedAt).toISOString(),
					waitTill: limitText,
					...(settings?.download ? { downloadTo: settings.binaryPropertyName } : {}),
					...(s.task.model ? { model: s.task.model } : {}),
					...(s.notes ? { notes: s.notes as IDataObject } : {}),
				}
			: { status: 'error', message: errors.get(i) ?? 'No task was created for this item', waitTill: limitText };
		if (i === 0 && watchUrl) Object.assign(task, { watchUrl, watchToken: token });
		return { json: { ...item.json, [PARKED_KEY]: task as unknown as IDataObject }, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: i } };
	});
	// n8n keeps the parked node's input and forwards it at the limit: give it the copies, so the
	// task IDs are never lost, without writing into the items of the node before.
	const stackEntry = ctx.getExecuteData();
	if (stackEntry?.data?.main) stackEntry.data.main = [parked.map(({ json, binary }) => ({ json, ...(binary ? { binary } : {}) }))];

	ctx.logger.info(
		`EvoLink: execution ${ctx.getExecutionId()} waits for ${started.length} task(s) until ${limitText}${watchUrl ? ' (watched)' : ''}: ${started.map((s) => s.task.id).join(', ')}`,
	);
	// Overrides the indefinite wait n8n sets for the watch (a sub-workflow that is waiting).
	await ctx.putExecutionToWait(waitTill);
	return parked;
}
