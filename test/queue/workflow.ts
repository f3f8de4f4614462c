// The smoke test's workflow, n8n core nodes only: Webhook (answered by a Respond to Webhook
// node, which runs on a worker and hands the execution's resume URL back to the caller) →
// Wait (resume "On Webhook Call") → Set. The Respond and Set nodes record which process ran
// them ($env.QUEUE_N8N_PROCESS, set per process by queue-n8n.js; needs
// N8N_BLOCK_ENV_ACCESS_IN_NODE=false).
export const WORKFLOW_ID = 'wfQueueSmoke0001';
export const WEBHOOK_PATH = 'queue-smoke';

export interface Parked {
	executionId: string;
	resumeUrl: string;
	/** the process that ran the Respond to Webhook node */
	ranOn: string;
	/** what the caller sent */
	tag: string;
}

export function smokeWorkflow(): Record<string, unknown> {
	return {
		id: WORKFLOW_ID,
		name: 'queue smoke: webhook → wait for webhook call → set',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'q-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '5b7d1c0e-7a4f-4f5e-9a61-0c2b8d3e4f01',
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'responseNode', options: {} },
			},
			{
				id: 'q-respond',
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [200, 0],
				parameters: {
					respondWith: 'json',
					responseBody:
						'={{ JSON.stringify({ executionId: $execution.id, resumeUrl: $execution.resumeUrl, ranOn: $env.QUEUE_N8N_PROCESS, tag: $json.body.tag }) }}',
					options: {},
				},
			},
			{
				id: 'q-wait',
				name: 'Wait',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [400, 0],
				webhookId: '5b7d1c0e-7a4f-4f5e-9a61-0c2b8d3e4f02',
				parameters: { resume: 'webhook', httpMethod: 'POST', options: {} },
			},
			{
				id: 'q-done',
				name: 'Done',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [600, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: 'd1', name: 'resumedOn', value: '={{ $env.QUEUE_N8N_PROCESS }}', type: 'string' },
							{ id: 'd2', name: 'answer', value: '={{ $json.body.answer }}', type: 'string' },
							{ id: 'd3', name: 'tag', value: "={{ $('Webhook').item.json.body.tag }}", type: 'string' },
						],
					},
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
			Respond: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
		},
	};
}
