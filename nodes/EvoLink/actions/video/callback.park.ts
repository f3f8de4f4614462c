// Wait Mode "On Callback", first half: submit with this execution's resume URL as
// callback_url, note each item's task on the item, and park the execution.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResults } from '../../helpers/results';
import { checkCallbackUrl } from '../../models/common';
import type { StartedTask } from './complete';
import type { ParkedTask } from './callback.common';
import { NO_CALLBACK, PARKED_KEY, withCallbackPath } from './callback.common';
import type { WaitSettings } from './wait.description';

const MIN_LIMIT_MS = 60_000; // n8n's wait tracker looks for due executions every 60 s
const MAX_LIMIT_MS = 24 * 3_600_000; // result URLs expire after 24 h

export function limitMs(amount: unknown, unit: unknown): number {
	const n = Number(amount);
	const ms = (Number.isFinite(n) ? n : 1) * (unit === 'minutes' ? 60_000 : 3_600_000);
	return Math.min(Math.max(ms, MIN_LIMIT_MS), MAX_LIMIT_MS);
}

/** The resume URL without its secret signature, for messages. */
function shown(url: string): string {
	const u = new URL(url);
	return `${u.origin}${u.pathname}`;
}

/**
 * Puts this execution's resume URL into every body. Fails BEFORE anything is paid for
 * when EvoLink could not call it back (EvoLink only calls public https URLs).
 */
export function addCallbackUrl(
	ctx: IExecuteFunctions,
	bodies: Array<{ itemIndex: number; body: IDataObject }>,
	results: ItemResults,
	officialApi: boolean,
): Array<{ itemIndex: number; body: IDataObject }> {
	const node = ctx.getNode();
	if (node.type.endsWith('Tool')) {
		throw new NodeOperationError(node, 'Wait Mode "On Callback" is not available when EvoLink is used as a tool', {
			description: 'Use Wait Mode "Poll", or turn off Wait for Completion and check the task with Get Task.',
		});
	}
	const url = withCallbackPath(String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
	const problem = checkCallbackUrl(url, { officialApi });
	if (problem) {
		throw new NodeOperationError(node, `EvoLink cannot call this n8n back: ${problem}`, {
			description: `Wait Mode "On Callback" gives EvoLink this execution's resume URL (${shown(url)}). EvoLink only calls public https:// addresses: run n8n behind https and set WEBHOOK_URL to its public address (e.g. https://n8n.example.com/), or use Wait Mode "Poll". Nothing was sent to EvoLink.`,
		});
	}
	const out: Array<{ itemIndex: number; body: IDataObject }> = [];
	for (const b of bodies) {
		if (b.body.callback_url) {
			const error = new NodeOperationError(node, 'Callback URL must be empty when Wait Mode is "On Callback"', {
				itemIndex: b.itemIndex,
				description: 'On Callback uses this execution\'s own resume URL. Clear Callback URL, or use Wait Mode "Poll". Nothing was sent to EvoLink.',
			});
			if (!ctx.continueOnFail()) throw error;
			results.fail(b.itemIndex, error);
			continue;
		}
		out.push({ itemIndex: b.itemIndex, body: { ...b.body, callback_url: url } });
	}
	return out;
}

/**
 * Parks the execution until EvoLink calls back (or the limit passes). The task of each
 * item is written into the item itself (json.evolinkTask): n8n keeps the parked node's
 * input in its database and, at the limit, forwards exactly those items, so they must
 * already say which task they belong to and that no callback came.
 */
export async function parkForCallbacks(
	this: IExecuteFunctions,
	started: StartedTask[],
	results: ItemResults,
	settingsOf: (itemIndex: number) => WaitSettings,
	limit: number,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	// Nothing to wait for: every item already failed (Continue On Fail).
	if (started.length === 0) return results.output(items.length);

	const waitTill = new Date(Date.now() + limit);
	const errors = new Map<number, string>();
	// Only Continue On Fail leaves failed items here; output() gives their error items.
	for (const e of results.output(items.length)) {
		const paired = e.pairedItem as { item: number };
		errors.set(paired.item, String(e.json.error ?? 'Failed'));
	}
	const byItem = new Map(started.map((s) => [s.itemIndex, s]));
	const limitText = waitTill.toISOString();

	items.forEach((item, i) => {
		const s = byItem.get(i);
		let parked: ParkedTask;
		if (s) {
			const settings = settingsOf(i);
			parked = {
				id: s.task.id,
				status: NO_CALLBACK,
				message: `No callback from EvoLink before the wait limit (${limitText}). The task may still be running, or its callback was lost: check it with Get Task and this task ID.`,
				submittedAt: new Date(s.submittedAt).toISOString(),
				waitTill: limitText,
				...(settings.download ? { downloadTo: settings.binaryPropertyName } : {}),
				...(s.task.model ? { model: s.task.model } : {}),
			};
		} else {
			parked = { status: 'error', message: errors.get(i) ?? 'No task was created for this item', waitTill: limitText };
		}
		// Mutated in place on purpose: this object is the one n8n stores for the parked node's input.
		item.json[PARKED_KEY] = parked as unknown as IDataObject;
	});

	this.logger.info(
		`EvoLink: execution ${this.getExecutionId()} waits for callbacks of ${started.length} task(s) until ${limitText}: ${started
			.map((s) => s.task.id)
			.join(', ')}`,
	);
	await this.putExecutionToWait(waitTill);
	// The parked output (kept by n8n until the resume): same json, own pairedItem.
	return items.map((item, i) => ({ json: item.json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: i } }));
}
