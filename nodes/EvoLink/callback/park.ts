// Wait Mode "On Callback", first half: the tasks were submitted with this execution's
// resume URL as callback_url; note each item's task on a copy of the item and park.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ParamReader } from '../models/read';
import type { ItemResults } from '../output/results';
import type { StartedTask } from '../submit/submit';
import { isTerminal } from '../transport/types';
import type { WaitSettings } from '../wait/settings';
import type { StatusReader } from '../wait/status';
import type { ParkedTask } from './common';
import { NO_CALLBACK, PARKED_KEY } from './common';

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

/**
 * Tasks can end (e.g. refused at once) before n8n has saved the execution as waiting;
 * their callbacks would then be refused. One status read first (one batch request):
 * if all ended, there is nothing to wait for.
 */
async function refresh(started: StartedTask[], reader: StatusReader): Promise<boolean> {
	try {
		const read = await reader.read(started.map((s) => s.task.id));
		for (const s of started) {
			const t = read.get(s.task.id);
			if (t && !(t instanceof Error)) s.task = t;
		}
	} catch {
		// unknown: park, and let the callback (or the limit) tell
	}
	return started.every((s) => isTerminal(s.task));
}

/**
 * Parks the execution until EvoLink calls back (or the limit passes), unless every task
 * has already ended (then undefined: the caller finishes at once). The input items are
 * not touched: the parked node keeps copies that carry their task (json.evolinkTask), the
 * copies n8n stores for the parked node and forwards if the limit passes.
 */
export async function parkForCallbacks(
	ctx: IExecuteFunctions,
	started: StartedTask[],
	results: ItemResults,
	settingsOf: (itemIndex: number) => WaitSettings,
	limit: number,
	reader: StatusReader,
): Promise<INodeExecutionData[] | undefined> {
	const items = ctx.getInputData();
	// Nothing to wait for: every item already failed (Continue On Fail), or every task ended.
	if (started.length === 0) return results.output(items.length);
	if (await refresh(started, reader)) return undefined;

	const waitTill = new Date(Date.now() + limit);
	const limitText = waitTill.toISOString();
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
					message: `No callback from EvoLink before the wait limit (${limitText}). The task may still be running, or its callback was lost: check it with Get Task and this task ID.`,
					submittedAt: new Date(s.submittedAt).toISOString(),
					waitTill: limitText,
					...(settings?.download ? { downloadTo: settings.binaryPropertyName } : {}),
					...(s.task.model ? { model: s.task.model } : {}),
					...(s.notes ? { notes: s.notes as IDataObject } : {}),
				}
			: { status: 'error', message: errors.get(i) ?? 'No task was created for this item', waitTill: limitText };
		return { json: { ...item.json, [PARKED_KEY]: task as unknown as IDataObject }, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: i } };
	});
	// n8n keeps the parked node's input and forwards it at the limit: give it the copies, so the
	// task IDs are never lost, without writing into the items of the node before.
	const stackEntry = ctx.getExecuteData();
	if (stackEntry?.data?.main) stackEntry.data.main = [parked.map(({ json, binary }) => ({ json, ...(binary ? { binary } : {}) }))];

	ctx.logger.info(
		`EvoLink: execution ${ctx.getExecutionId()} waits for callbacks of ${started.length} task(s) until ${limitText}: ${started.map((s) => s.task.id).join(', ')}`,
	);
	await ctx.putExecutionToWait(waitTill);
	return parked;
}
