// The watch of a parked execution: a small execution of its own (an inline sub-workflow
// "Start → EvoLink Watch ⟲" started by the parked node) that n8n runs on a worker at each
// check-in and at each callback. It is the one place that decides "every task has ended",
// so the parked execution is resumed (and each video downloaded) once, whichever process
// got which callback, and it still happens after n8n was down when the tasks ended: a
// waiting execution's time passes while n8n is down, and n8n runs it once it is up again.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	IWorkflowBase,
} from 'n8n-workflow';

import { isTerminal } from '../transport/types';
import { StatusReader } from '../wait/status';
import { answer, postToWaiting, withCallbackPath } from './common';

export const WATCH_PATH = 'watch';

/** The watch's resume webhook (like the parked node's own, nothing is registered anywhere). */
export const WATCH_WEBHOOKS: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: WATCH_PATH, restartWebhook: true },
];

export interface WatchTask {
	id: string;
	/** ms epoch when EvoLink expects it to end (submit + estimate). */
	expectedAt: number;
}

/** Everything the watch knows; it travels as the json of its one item from run to run. */
export interface WatchState {
	parentUrl: string;
	/** Proves to the parked node that a message comes from its watch. */
	token: string;
	tasks: WatchTask[];
	/** ms epoch: give up after this (the node's Limit Wait Time). */
	limitAt: number;
	/** Set after the first run (which only parks). */
	armed?: boolean;
	/** Set by a callback: check now. */
	nudged?: boolean;
	/** Failed deliveries to the parked execution in a row. */
	failures?: number;
}

/** n8n looks for due waiting executions about once a minute: check-ins finer than that do not happen. */
const TICK_MS = 60_000;
/** Before the tasks are expected to end, look every few minutes (a quick failure is rare). */
const EARLY_MS = 5 * 60_000;
/** After the expected end: a little later, so EvoLink's own callback comes first. */
const GRACE_MS = 30_000;

export function nextCheckIn(state: WatchState, now: number): number {
	const expected = Math.min(...state.tasks.map((t) => t.expectedAt)) + GRACE_MS;
	const at = expected > now ? Math.min(expected, now + EARLY_MS) : now + TICK_MS;
	return Math.min(Math.max(at, now + TICK_MS / 2), state.limitAt);
}

/** The inline workflow of a watch: Start → EvoLink Watch, which feeds itself its own state. */
export function watchWorkflow(packagePrefix: string, credentials: IDataObject | undefined, parent: { id?: string; name?: string }): IWorkflowBase {
	const watch = `${packagePrefix}.evoLinkWatch`;
	return {
		id: parent.id,
		name: `${parent.name ?? 'Workflow'} (EvoLink watch)`,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [
			{ id: 'evolink-watch-start', name: 'Start', type: 'n8n-nodes-base.executeWorkflowTrigger', typeVersion: 1.1, position: [0, 0], parameters: { inputSource: 'passthrough' } },
			{ id: 'evolink-watch', name: 'EvoLink Watch', type: watch, typeVersion: 1, position: [240, 0], parameters: {}, ...(credentials ? { credentials: credentials as never } : {}) },
		],
		connections: {
			Start: { main: [[{ node: 'EvoLink Watch', type: 'main', index: 0 }]] },
			'EvoLink Watch': { main: [[{ node: 'EvoLink Watch', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner' },
	} as unknown as IWorkflowBase;
}

/** Parks the watch until `at`, carrying its state (n8n gives the parked node's input back at the check-in). */
async function park(ctx: IExecuteFunctions, state: WatchState, at: number, output: IDataObject = {}): Promise<INodeExecutionData[][]> {
	const entry = ctx.getExecuteData();
	if (entry?.data?.main) entry.data.main = [[{ json: state as unknown as IDataObject }]];
	await ctx.putExecutionToWait(new Date(at));
	return [[{ json: { ...output, nextCheckIn: new Date(at).toISOString() } }]];
}

/** Tells the parked execution that every task has ended (or the limit has passed); it checks for itself. */
async function deliver(ctx: IExecuteFunctions, state: WatchState, message: IDataObject): Promise<'done' | 'retry'> {
	const res = await postToWaiting(ctx, state.parentUrl, { id: state.tasks[0].id, source: 'evolink-watch', token: state.token, ...message }, 30_000);
	if (!res) return 'retry';
	// 2xx: taken; 404/409/410: the execution is no longer waiting (resumed, finished or gone).
	return (res.status >= 200 && res.status < 300) || [404, 409, 410].includes(res.status) ? 'done' : 'retry';
}

/** One run of the watch: the first only parks; later ones read every task (one request) and act. */
export async function runWatch(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const state = { ...(ctx.getInputData()[0]?.json ?? {}) } as unknown as WatchState;
	const now = Date.now();
	if (!state.armed) {
		// Run inside the parked node's own execute(): its execution is not saved as waiting yet.
		const watchUrl = withCallbackPath(String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0)), WATCH_PATH);
		return await park(ctx, { ...state, armed: true }, nextCheckIn(state, now), { watchUrl });
	}
	if (now >= state.limitAt) {
		if ((await deliver(ctx, state, { limit: true })) === 'done') return [[]];
		return await park(ctx, { ...state, limitAt: now + 10 * TICK_MS }, now + TICK_MS);
	}
	let ended = false;
	try {
		const read = await new StatusReader(ctx).read(state.tasks.map((t) => t.id));
		ended = state.tasks.every((t) => {
			const task = read.get(t.id);
			return task !== undefined && !(task instanceof Error) && isTerminal(task);
		});
	} catch {
		// EvoLink not reachable now: the next check-in asks again.
	}
	if (!ended) return await park(ctx, { ...state, nudged: false }, nextCheckIn(state, now));
	if ((await deliver(ctx, state, {})) === 'done') return [[]];
	const failures = (state.failures ?? 0) + 1;
	return await park(ctx, { ...state, failures }, now + Math.min(TICK_MS, 5_000 * failures));
}

/** A callback reached the watch (forwarded by the parked node): run it now, with its state. */
export async function watchWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const items = ctx.evaluateExpression('{{ $input.all() }}', 0);
	const state = Array.isArray(items) ? ((items[0] as INodeExecutionData | undefined)?.json as unknown as WatchState | undefined) : undefined;
	if (!state?.tasks?.length) {
		answer(ctx, 409, { error: 'This watch has no tasks' });
		return { noWebhookResponse: true };
	}
	answer(ctx, 200, { received: true });
	return { noWebhookResponse: true, workflowData: [[{ json: { ...state, nudged: true } as unknown as IDataObject }]] };
}
