import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { hasSecretPath, receiveCallback } from './callbackReceiver';

export class EvoLinkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EvoLink Trigger',
		name: 'evoLinkTrigger',
		icon: { light: 'file:../../icons/evolink.svg', dark: 'file:../../icons/evolink.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {completed: "Task Completed", failed: "Task Failed"}[$parameter["events"]] || "Task Ended" }}',
		description: 'Starts the workflow when an EvoLink video task ends (EvoLink callback)',
		defaults: { name: 'EvoLink Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'evoLinkApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'evolink' }],
		properties: [
			{
				displayName:
					"Paste this node's Production URL (Webhook URLs above, ending in /evolink) into EvoLink's callback_url, e.g. the Callback URL field of EvoLink → Generate Video, then activate this workflow. The random ID in that URL is this trigger's secret: share it only with EvoLink. EvoLink only calls public https URLs: n8n needs WEBHOOK_URL set to its public https address. Every callback is confirmed by querying the task with the credential below, and each task starts the workflow once, even when EvoLink retries.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'Completed or Failed', value: 'all', description: 'Every task that ends' },
					{ name: 'Completed Only', value: 'completed', description: 'Tasks whose video is ready' },
					{ name: 'Failed Only', value: 'failed', description: 'Tasks that failed (the error is in the output)' },
				],
			},
			{
				displayName: 'Download Video',
				name: 'downloadVideo',
				type: 'boolean',
				default: false,
				description: 'Whether to download the finished video into a binary property (result URLs expire after 24 hours)',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				hint: 'The name of the output binary field to put the video in',
				displayOptions: { show: { downloadVideo: [true] } },
			},
		],
	};

	webhookMethods = {
		default: {
			// Nothing to register at EvoLink (the URL goes into each task); only refuse a guessable URL.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const node = this.getNode();
				if (!hasSecretPath(node.webhookId)) {
					throw new NodeOperationError(node, 'This EvoLink Trigger has no random webhook ID, so its URL would be guessable', {
						description: 'Delete the node and add it again in the editor (n8n gives each new webhook node a random ID), then save.',
					});
				}
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this);
	}
}
