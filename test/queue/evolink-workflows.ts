// Workflows of the EvoLink queue-mode suites. Each started one is
// Webhook → Respond (answers { executionId, resumeUrl } at once, from a worker) → Items
// (Split Out of body.rows: { tag, prompt }) → Generate (EvoLink Generate Video) → ...
// → Check, a Code node that reads each item's video binary back (getBinaryDataBuffer: from
// Postgres, binary data mode `database`) on whichever worker runs it.
import type { WorkflowJson } from '../../scripts/lib/local-n8n';
import { CRED, CRED_NAME } from './evolink';

export const WF = { poll: 'wfQueuePoll00001', callback: 'wfQueueCallback1', list: 'wfQueueList00001', trigger: 'wfQueueTrigger01' } as const;
export const PATHS = { poll: 'q-poll', callback: 'q-callback', list: 'q-list' } as const;
export const TRIGGER_WEBHOOK_ID = '3c9e51a2-8d4b-4f0e-b7a1-5e2d9c0f6a47';
export const BINARY = 'video';

type Node = WorkflowJson['nodes'][number];
const credentials = { evoLinkApi: { id: CRED, name: CRED_NAME } };

const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<Node> = {}): Node =>
	({ id: `id-${name.replace(/\W/g, '').toLowerCase()}`, name, type, typeVersion, position: [0, 0], parameters, ...extra }) as Node;

function chain(...names: string[]): WorkflowJson['connections'] {
	const out: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < names.length; i++) out[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return out;
}

const webhook = (path: string, webhookId: string, responseMode = 'responseNode', extra: Record<string, unknown> = {}) =>
	node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode, options: {}, ...extra }, { webhookId });
const respond = () =>
	node('Respond', 'n8n-nodes-base.respondToWebhook', 1.1, {
		respondWith: 'json',
		responseBody: '={{ JSON.stringify({ executionId: $execution.id, resumeUrl: $execution.resumeUrl }) }}',
		options: {},
	});
const items = () => node('Items', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.rows', options: {} });
const generate = (wait: Record<string, unknown>) =>
	node(
		'Generate',
		'n8n-nodes-evolink.evoLink',
		1,
		{
			resource: 'video',
			operation: 'generate',
			model: 'wan2.5-text-to-video',
			quality: '480p',
			duration: 5,
			prompt: '={{ $json.prompt }}',
			waitForCompletion: true,
			downloadVideo: true,
			binaryPropertyName: BINARY,
			...wait,
		},
		{ credentials } as Partial<Node>,
	);

/** Reads every item's binary back: its length and MP4 box type, where it is stored, the item's tag (through pairedItem). */
const CHECK_CODE = `
const all = $input.all();
const tagOf = (i) => { try { return $('Items').itemMatching(i).json.tag; } catch (e) { return null; } };
const out = [];
for (let i = 0; i < all.length; i++) {
	const item = all[i];
	const bin = item.binary && item.binary['${BINARY}'];
	let bytes = null;
	let box = null;
	if (bin) {
		const buf = await this.helpers.getBinaryDataBuffer(i, '${BINARY}');
		bytes = buf.length;
		box = buf.subarray(4, 8).toString('latin1');
	}
	out.push({
		json: {
			tag: tagOf(i),
			id: item.json.id ?? null,
			status: item.json.status ?? null,
			error: item.json.error ?? null,
			timedOut: item.json.timedOut ?? null,
			bytes,
			box,
			storedAs: bin ? bin.id : null,
		},
		pairedItem: { item: i },
	});
}
return out;`;
const check = () => node('Check', 'n8n-nodes-base.code', 2, { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: CHECK_CODE });

const workflow = (id: string, name: string, nodes: Node[], connections: WorkflowJson['connections']): WorkflowJson => ({
	id,
	name,
	active: false,
	nodes,
	connections,
	settings: { executionOrder: 'v1' },
});

/**
 * Poll mode with download, then a Wait (resume "On Webhook Call") so that the rest runs in a job
 * of its own, on any worker. The Wait node outputs the resuming request: Reattach takes
 * Generate's items (json + binary references) again, Check reads the binaries.
 */
export function pollWorkflow(): WorkflowJson {
	const wait = node('Wait', 'n8n-nodes-base.wait', 1.1, { resume: 'webhook', httpMethod: 'POST', options: {} }, { webhookId: '0b6f7e1d-2c3a-4d5e-8f90-a1b2c3d4e5f6' });
	const reattach = node('Reattach', 'n8n-nodes-base.code', 2, {
		mode: 'runOnceForAllItems',
		language: 'javaScript',
		jsCode: "return $('Generate').all().map((i) => ({ json: i.json, binary: i.binary, pairedItem: { item: 0 } }));",
	});
	return workflow(
		WF.poll,
		'queue: EvoLink poll → wait → check binary',
		[webhook(PATHS.poll, '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f'), respond(), items(), generate({ waitMode: 'poll', waitOptions: { timeoutMinutes: 5, pollIntervalSeconds: 2 } }), wait, reattach, check()],
		chain('Webhook', 'Respond', 'Items', 'Generate', 'Wait', 'Reattach', 'Check'),
	);
}

/** Wait Mode "On Callback" with download (Limit Wait Time 10 minutes), then Check. */
export function callbackWorkflow(): WorkflowJson {
	return workflow(
		WF.callback,
		'queue: EvoLink on callback → check binary',
		[webhook(PATHS.callback, '2e3f4051-6b7c-4d8e-9fa0-1b2c3d4e5f60'), respond(), items(), generate({ waitMode: 'callback', callbackLimit: 10, callbackLimitUnit: 'minutes' }), check()],
		chain('Webhook', 'Respond', 'Items', 'Generate', 'Check'),
	);
}

/** Get Many Tasks (the 50 newest), answered by the webhook with every item. */
export function listWorkflow(): WorkflowJson {
	const list = node('List', 'n8n-nodes-evolink.evoLink', 1, { resource: 'video', operation: 'getManyTasks', limit: 50, filters: {} }, { credentials } as Partial<Node>);
	return workflow(
		WF.list,
		'queue: EvoLink Get Many Tasks',
		[webhook(PATHS.list, '3f405162-7c8d-4e9f-a0b1-2c3d4e5f6071', 'lastNode', { responseData: 'allEntries' }), list],
		chain('Webhook', 'List'),
	);
}

/** The EvoLink Trigger alone (every end, with the video). */
export function triggerWorkflow(): WorkflowJson {
	const trigger = node('EvoLink Trigger', 'n8n-nodes-evolink.evoLinkTrigger', 1, { events: 'all', downloadVideo: true }, {
		webhookId: TRIGGER_WEBHOOK_ID,
		credentials,
	} as Partial<Node>);
	return workflow(WF.trigger, 'queue: EvoLink Trigger', [trigger], {});
}

/** The body a started workflow takes: one row per item. */
export const rows = (prefix: string, n: number, marker: (i: number) => string) =>
	({ rows: Array.from({ length: n }, (_, i) => ({ tag: `${prefix}-${i}`, prompt: `queue ${prefix} item ${i} ${marker(i)}` })) });
